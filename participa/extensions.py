"""Flask extensions, created unbound and initialised in the application factory."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from participa.core.replica import RoutingSession
from participa.db import Base

# Sessions route anonymous reads to the read replica when one is configured (core.replica).
db = SQLAlchemy(model_class=Base, session_options={"class_": RoutingSession})
if TYPE_CHECKING:
    # db.Model is built at run time from Base, which mypy cannot follow: models subclass Model.
    Model = Base
else:
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
cache = Cache()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

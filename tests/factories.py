"""factory_boy factories; every factory commits so requests in tests see the rows."""

from __future__ import annotations

import factory
from factory.alchemy import SQLAlchemyModelFactory

from participa.accounts.models import User
from participa.db import utcnow
from participa.extensions import db
from participa.municipalities.models import Membership, Municipality, ResidencyRequest

PASSWORD = "correct horse battery staple"


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class MunicipalityFactory(BaseFactory):
    class Meta:
        model = Municipality

    slug = factory.Sequence(lambda n: f"municipio-{n}")
    name = factory.Sequence(lambda n: f"Municipio {n}")
    country = "AR"
    # English so that tests can read the pages; municipalities default to Spanish in production.
    default_locale = "en"
    timezone = "America/Argentina/Buenos_Aires"
    accent_color = "#1d4ed8"


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password_hash = factory.LazyFunction(lambda: _hash(PASSWORD))
    email_confirmed_at = factory.LazyFunction(utcnow)
    terms_accepted_at = factory.LazyFunction(utcnow)
    session_token = factory.Sequence(lambda n: f"token{n:027d}")
    locale = None


class MembershipFactory(BaseFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = "admin"


class ResidencyRequestFactory(BaseFactory):
    class Meta:
        model = ResidencyRequest

    user = factory.SubFactory(UserFactory)
    municipality_id = factory.LazyAttribute(lambda o: MunicipalityFactory().id)
    status = "pending"
    method = "manual"


def member(municipality: Municipality, role: str, **user_fields) -> User:
    """A new person holding ``role`` in ``municipality``."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, municipality=municipality, role=role)
    return user


def _hash(password: str) -> str:
    from participa.accounts.services import hash_password

    return hash_password(password)

"""In-app and e-mail notifications, follows and the daily digest."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications", template_folder="templates")

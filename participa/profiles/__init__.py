"""Public profiles: what a person shows to everyone."""

from flask import Blueprint

bp = Blueprint("profiles", __name__, url_prefix="/people", template_folder="templates")

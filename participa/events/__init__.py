"""Meetings and events of the members and of the network: registration, agenda, minutes,
attendance, trainings and calendar feeds."""

from flask import Blueprint

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("events", __name__, "/events")
# The network's own events (trainings, webinars) and the network-wide lists and feeds.
network_bp = Blueprint(
    "events_network", __name__, url_prefix="/network/events", template_folder="templates"
)

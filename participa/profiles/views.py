"""The public profile page."""

from __future__ import annotations

from flask import abort, render_template

from participa.core.submit import Rendered
from participa.profiles import bp
from participa.profiles import services as profiles

CONTRIBUTIONS_SHOWN = 20


@bp.get("/<int:user_id>", endpoint="detail")
def detail(user_id: int) -> Rendered:
    person = profiles.get_person(user_id)
    if person is None:
        abort(404)
    contributions = profiles.public_contributions(person, CONTRIBUTIONS_SHOWN)
    return render_template("profiles/detail.html", person=person, contributions=contributions)

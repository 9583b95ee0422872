"""A person's solutions are in their data export; deleting the account keeps them (the
evaluation and report rest on them) as by a deleted participant, as proposals do."""

from __future__ import annotations

from participa.accounts import privacy
from participa.challenges.models import Solution
from participa.core.models import Upload
from participa.extensions import db
from tests import factories
from tests.challenges.helpers import document, make_challenge, make_solution


def test_solutions_are_exported_and_kept_unlinked_at_erasure(app, municipality, staff):
    person = factories.UserFactory(locale="en")
    someone = factories.UserFactory()
    challenge = make_challenge(app, municipality, staff)
    mine = make_solution(app, challenge, person, organisation="Cooperativa", document=document())
    make_solution(app, challenge, someone, title="De otra persona")
    with app.test_request_context():
        data = privacy.export_data(person)
    rows = data["challenge_solutions"]
    assert [(r["title"], r["organisation"]) for r in rows] == [("Colectivo a tiempo",
                                                                "Cooperativa")]  # fmt: skip
    upload_id = mine.document_id
    privacy.erase_personal_data(person)
    db.session.commit()
    kept = db.session.get(Solution, mine.id)
    assert kept is not None and kept.title == "Colectivo a tiempo"
    # Still shown by the solution, the document stays; it no longer names who uploaded it.
    assert db.session.get(Upload, upload_id).uploader_id is None

"""Report figures, downloads without personal data, and group-aware consensus."""

from __future__ import annotations

import json

import numpy as np
import pytest

from participa.comments.services import post_comment, vote_comment
from participa.extensions import db
from participa.legislation import consensus, participation, report, report_export, services
from tests import factories
from tests.legislation.support import articles, base, make_draft


def _synthetic(a: int = 14, b: int = 8):
    """Two opposed groups: items 0 and 1 split them, item 2 bridges, item 3 only group A likes."""
    items = [consensus.Item("article", i, i, str(i + 1)) for i in range(4)]
    matrix = np.zeros((a + b, 4))
    matrix[:a, 0], matrix[a:, 0] = 1, -1
    matrix[:a, 1], matrix[a:, 1] = -1, 1
    matrix[:, 2] = 1
    matrix[:a, 3], matrix[a:, 3] = 1, -1
    return items, matrix, np.ones_like(matrix, dtype=bool)


def test_two_opposed_groups_and_the_bridging_item_ranks_first():
    items, matrix, seen = _synthetic()
    result = consensus.score(items, matrix, seen)
    assert result.message is None
    assert sorted(g.size for g in result.groups) == [8, 14]
    assert result.groups[0].size == 14  # largest group first
    assert result.items[0].item.id == 2
    # Item 3 has more raw votes in favour than item 1 but does not bridge the groups either.
    assert result.items[0].consensus > 0.8 > 0.2 > result.items[1].consensus


def test_consensus_is_deterministic():
    items, matrix, seen = _synthetic()
    first = consensus.score(items, matrix, seen)
    second = consensus.score(items, matrix, seen)
    assert [s.item.id for s in first.items] == [s.item.id for s in second.items]
    assert [g.size for g in first.groups] == [g.size for g in second.groups]


def test_too_few_participants_skip_clustering():
    items, matrix, seen = _synthetic(4, 3)
    result = consensus.score(items, matrix, seen)
    assert result.message == "too-few" and result.groups == []
    assert result.items[0].item.id == 2


@pytest.fixture
def voted(municipality, staff):
    draft = make_draft(municipality, staff=staff)
    first, second, third = articles(draft)
    people = [factories.UserFactory() for _ in range(12)]
    for index, person in enumerate(people):
        side = index < 7
        participation.cast_vote(
            draft, first, voter=person, value="in_favour" if side else "against"
        )
        participation.cast_vote(
            draft, second, voter=person, value="against" if side else "in_favour"
        )
        participation.cast_vote(draft, third, voter=person, value="in_favour")
    amendment = participation.propose_amendment(
        draft, first, author=people[0], text="Otra redacción.", justification="Claridad."
    )
    participation.support_amendment(draft, amendment, supporter=people[1])
    liked = post_comment("article", first, author=people[2], body="Muy bien", alignment="in_favour")
    post_comment("article", first, author=people[9], body="Muy mal", alignment="against")
    vote_comment(liked, voter=people[3], value=1)
    question = services.add_question(
        draft, actor=staff, kind="multiple", prompt="¿Qué canales?", options=["Web", "Papel"]
    )
    participation.answer_question(draft, question, person=people[4], choices=[0, 1])
    db.session.commit()
    return draft, people


def test_report_figures(voted):
    draft, _people = voted
    data = report.build_report(draft, draft.current_version)
    assert data.participants == 12
    assert data.votes == 36 and data.comments == 2 and len(data.amendments) == 1
    first = data.articles[0]
    assert (first.in_favour, first.against, first.abstain) == (7, 5, 0)
    assert [c.body for c in first.top_for] == ["Muy bien"]
    assert [c.body for c in first.top_against] == ["Muy mal"]
    assert data.questions[0].counts == [("Web", 1), ("Papel", 1)]
    assert sum(v for _d, v, _c in data.timeline) == 36
    assert data.most_supported[0].section.key == "art-3"
    assert data.most_contested[0].section.key in ("art-1", "art-2")
    assert len(data.consensus.groups) >= 2
    assert data.bridging[0].item.id == articles(draft)[2].id  # everyone agrees on article 3


def test_csv_and_json_carry_no_personal_data(voted, client, login, staff, municipality):
    draft, people = voted
    login(staff)
    csv_text = client.get(f"{base(municipality)}/{draft.id}/report.csv").get_data(as_text=True)
    assert csv_text.splitlines()[0].startswith("key,number,heading,in_favour")
    assert "art-1,1,Objeto,7,5,0,12" in csv_text
    payload = client.get(f"{base(municipality)}/{draft.id}/report.json").get_json()
    assert payload["figures"]["participants"] == 12
    dumped = json.dumps(payload)
    for person in people:
        assert person.email not in dumped and person.display_name not in dumped


def test_csv_cells_cannot_become_formulas(municipality, staff):
    draft = make_draft(municipality, staff=staff, source="### Artículo 1.- =HYPERLINK(1)\nTexto")
    data = report.build_report(draft, draft.current_version)
    assert "'=HYPERLINK(1)" in report_export.to_csv(data)


def test_report_page_explains_the_method_and_shows_intervals(voted, client, login, staff,
                                                             municipality):  # fmt: skip
    draft, _people = voted
    login(staff)
    page = client.get(f"{base(municipality)}/{draft.id}/report").get_data(as_text=True)
    assert "How opinion groups are found" in page
    assert "Group-aware consensus (90% interval)" in page
    assert "copies of the votes shuffled item by item" in page
    assert "against" in page and "by chance" in page  # the figures of this report

"""core.related: a page learns in one query which features have something linked to its item,
and asks a feature for its rows only when they exist."""

from __future__ import annotations

import re

import pytest

from participa.core import features
from participa.core.related import has_linked
from participa.events import services as events
from participa.extensions import db
from tests.consultations.helpers import make_consultation, make_proposal
from tests.events.helpers import make_event

# What each probe reads, and what each section reads when its probe finds rows.
PROBED = ("attachments", "event_links", "followup_results", "procurement_process_links")
SECTIONS = ("attachments", "events", "followup_results", "procurement_processes")


def _reading(statements: list[str], table: str) -> list[str]:
    return [s for s in statements if re.search(rf"\bFROM {table}\b", s)]


def _probing(statements: list[str]) -> list[str]:
    """The statements that ask every probe (a page asks them with its other questions)."""
    return [s for s in statements if all(re.search(rf"\bFROM {t}\b", s) for t in PROBED)]


def _rows_read(statements: list[str], table: str) -> list[str]:
    """The statements reading ``table`` that are not the probes."""
    return [s for s in _reading(statements, table) if s not in _probing(statements)]


def test_every_linking_feature_declares_its_probe(app):
    assert set(features.installed.linked) == {
        "ballots",
        "budgets",
        "contracting",
        "events",
        "followup",
        "media",
        "questionnaires",
    }


def test_a_page_with_nothing_linked_asks_once_instead_of_once_per_section(
    client, municipality, count_queries
):
    proposal = make_proposal(make_consultation(municipality))
    url = f"/m/{municipality.slug}/proposals/{proposal.id}"
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    assert len(_probing(counter.statements)) == 1, counter.statements
    for table in SECTIONS:
        rows = _rows_read(counter.statements, table)
        assert rows == [], (table, rows)


def test_a_consultation_page_asks_once_for_the_sections_of_other_features(
    client, login, municipality, resident, count_queries
):
    consultation = make_consultation(municipality)
    login(resident)
    url = f"/m/{municipality.slug}/consultations/{consultation.id}"
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    # The probes are asked with the page's other questions (core.viewer.prefetch).
    tables = ("ballots", "budgets", "questionnaires", "attachments", "procurement_process_links")
    probes = [s for s in counter.statements if all(re.search(rf"\bFROM {t}\b", s) for t in tables)]
    assert len(probes) == 1, counter.statements
    for table in tables:
        assert _reading(counter.statements, table) == probes, table


def test_a_linked_section_still_reads_its_rows(client, municipality, staff, count_queries):
    proposal = make_proposal(make_consultation(municipality))
    event = make_event(municipality, actor=staff, title="Presentación de propuestas")
    events.link_event(event, "proposal", proposal.id, actor=staff)
    db.session.commit()
    with count_queries() as counter:
        page = client.get(f"/m/{municipality.slug}/proposals/{proposal.id}").text
    assert "Related events" in page and "Presentación de propuestas" in page
    assert _rows_read(counter.statements, "events")
    # The other sections found nothing: still no query of their own.
    assert not _rows_read(counter.statements, "attachments")


def test_a_write_makes_the_next_question_ask_again(app, municipality, staff):
    proposal = make_proposal(make_consultation(municipality))
    event = make_event(municipality, actor=staff)
    with app.test_request_context("/"):
        assert not has_linked("events", "proposal", proposal.id)
        events.link_event(event, "proposal", proposal.id, actor=staff)
        db.session.flush()
        assert has_linked("events", "proposal", proposal.id)
        assert not has_linked("media", "proposal", proposal.id)


@pytest.mark.parametrize("name", ["nothing-declares-this"])
def test_links_no_feature_declares_are_left_to_the_caller(app, name):
    with app.test_request_context("/"):
        assert has_linked(name, "proposal", 1)

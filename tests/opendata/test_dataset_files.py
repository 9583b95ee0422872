"""The datasets.json files that describe the open datasets: each agrees with its query, is
exactly the schema published, lists the values the models allow, and gives pybabel its
msgids."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from babel.messages.frontend import parse_mapping_cfg
from flask_babel import force_locale

from participa.budgets.models import RESULT_RULES
from participa.comments.models import Alignment
from participa.consultations.models import PHASE_KINDS, Consultation
from participa.contracting.models import Stage
from participa.core.datasets import FILE, described, extract_messages
from participa.core.participation import Participation
from participa.core.topics import TOPICS
from participa.followup.models import STATUSES
from participa.initiatives.models import STATES as INITIATIVE_STATES
from participa.legislation.models import DraftKind, DraftStatus
from participa.library.models import LICENCES
from participa.library.models import Kind as LibraryKind
from participa.opendata.registry import datasets
from participa.opendata.services import table_schema
from participa.proposals.models import STATES
from participa.voting.models import QuestionKind

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "participa").glob(f"*/{FILE}"))


def _described() -> dict[str, dict]:
    entries = {}
    for path in FILES:
        for entry in json.loads(path.read_text(encoding="utf-8"))["datasets"]:
            entries[entry["name"]] = entry
    return entries


def _checked_in(constraint_name: str) -> set[str]:
    """The values a CHECK constraint of the consultations table allows."""
    constraints = Consultation.__table__.constraints
    (check,) = [c for c in constraints if str(c.name).endswith(f"_{constraint_name}")]
    return set(re.findall(r"'(\w+)'", str(check.sqltext)))


def test_every_published_dataset_comes_from_a_file_and_every_file_is_published():
    assert len(FILES) == 12
    assert [d.name for d in datasets()] and {d.name for d in datasets()} == set(_described())


def test_every_query_selects_the_described_fields_in_order():
    for dataset in datasets():
        labels = list(dataset.query(1).selected_columns.keys())
        assert labels == [c.name for c in dataset.columns], dataset.name


def test_the_published_schema_is_the_file_in_english():
    described = _described()
    with force_locale("en"):
        for dataset in datasets():
            entry = described[dataset.name]
            assert table_schema(dataset) == entry["schema"], dataset.name
            assert str(dataset.title) == entry["title"]
            assert str(dataset.description) == entry["description"]
            assert list(dataset.keywords) == entry["keywords"]
            assert dataset.changed == entry["changed"]


# Every enum of the files, and the values the code allows in that column.
ALLOWED = {
    ("consultations", "status"): _checked_in("status") - {"draft"},  # drafts are not published
    ("consultations", "participation"): {p.value for p in Participation},
    ("consultation-phases", "phase"): set(PHASE_KINDS),
    ("proposals", "state"): set(STATES),
    ("comments", "alignment"): {a.value for a in Alignment},
    ("legislation-drafts", "kind"): {k.value for k in DraftKind},
    ("legislation-drafts", "status"): {s.value for s in DraftStatus} - {DraftStatus.DRAFT},
    ("legislation-drafts", "participation"): {p.value for p in Participation},
    ("procurement-processes", "stage"): {s.value for s in Stage} - {Stage.DRAFT},
    ("ballot-results", "kind"): {k.value for k in QuestionKind},
    ("budget-results", "rule"): set(RESULT_RULES),
    ("followup-results", "status"): set(STATUSES),
    # Reviews and rejections are not published: only admitted initiatives are.
    ("initiatives", "state"): set(INITIATIVE_STATES) - {"review", "rejected"},
    ("library-entries", "kind"): {k.value for k in LibraryKind},
    ("library-entries", "topic"): set(TOPICS),
    ("library-entries", "licence"): set(LICENCES),
}


def test_every_enum_lists_the_values_the_models_allow():
    enums = {
        (name, field["name"]): field["constraints"]["enum"]
        for name, entry in _described().items()
        for field in entry["schema"]["fields"]
        if "enum" in field.get("constraints", {})
    }
    assert set(enums) == set(ALLOWED)
    for where, values in enums.items():
        assert len(values) == len(set(values)) and set(values) == ALLOWED[where], where
    assert _checked_in("participation") == ALLOWED["consultations", "participation"]


def test_pybabel_reads_every_title_and_description_of_the_files():
    method_map, _ = parse_mapping_cfg(io.StringIO((ROOT / "babel.cfg").read_text()))
    assert ("participa/*/datasets.json", "participa.core.datasets:extract_messages") in method_map
    path = ROOT / "participa" / "legislation" / FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    found = list(extract_messages(path.open("rb"), (), (), {}))
    entry = _described()["legislation-versions"]
    expected = [entry["title"], entry["description"]]
    expected += [f["description"] for f in entry["schema"]["fields"]]
    messages = [message for _, _, message, _ in found]
    assert set(expected) <= set(messages)
    assert len(messages) == 3 * 2 + sum(
        len(e["schema"]["fields"]) for e in json.loads(path.read_text())["datasets"]
    )
    for lineno, _, message, _ in found:
        assert json.dumps(message, ensure_ascii=False) in lines[lineno - 1]


def test_a_file_and_its_queries_must_name_the_same_datasets():
    with pytest.raises(ValueError, match="different datasets"):
        described("participa.consultations", {"consultations": lambda m: None})

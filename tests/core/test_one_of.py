"""core.tenancy.one_of_or_404: an item of a loaded collection, or 404 for an id it lacks."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from werkzeug.exceptions import NotFound

from participa.core.tenancy import one_of_or_404


def test_finds_the_item_and_answers_404_for_an_id_of_another_parent():
    mine = [SimpleNamespace(id=3), SimpleNamespace(id=7)]
    assert one_of_or_404(mine, 7) is mine[1]
    with pytest.raises(NotFound):
        one_of_or_404(mine, 8)  # another ballot's question
    with pytest.raises(NotFound):
        one_of_or_404([], 3)

"""The datasets the installed features publish (the ``dataset`` system, filled at start-up)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import abort

from participa.core.datasets import Dataset
from participa.core.features import feature_serves

if TYPE_CHECKING:
    from participa.municipalities.models import Municipality

_datasets: dict[str, Dataset] = {}


def reset() -> None:
    """Forget every dataset (before the features are installed)."""
    _datasets.clear()


def add_dataset(dataset: Dataset) -> None:
    """Publish ``dataset`` in every municipality's catalogue."""
    if _datasets.get(dataset.name, dataset) is not dataset:
        raise ValueError(f"dataset {dataset.name!r} is declared twice")
    _datasets[dataset.name] = dataset


def datasets() -> list[Dataset]:
    """Every published dataset, in the order the features declared them."""
    return list(_datasets.values())


def datasets_for(member: Municipality | None) -> list[Dataset]:
    """The datasets of the features that serve ``member``'s kind (Feature.member_kinds)."""
    return [d for d in _datasets.values() if _serves(d, member)]


def get_or_404(name: str, member: Municipality | None = None) -> Dataset:
    """The dataset called ``name`` (served to ``member``'s kind, when given), or a 404."""
    dataset = _datasets.get(name)
    if dataset is None or (member is not None and not _serves(dataset, member)):
        abort(404)
    return dataset


def _serves(dataset: Dataset, member: Municipality | None) -> bool:
    return dataset.feature is None or feature_serves(dataset.feature, member)

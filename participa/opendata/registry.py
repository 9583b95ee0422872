"""The datasets the installed features publish (the ``dataset`` system, filled at start-up)."""

from __future__ import annotations

from flask import abort

from participa.core.datasets import Dataset

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


def get_or_404(name: str) -> Dataset:
    """The dataset called ``name``, or a 404."""
    dataset = _datasets.get(name)
    if dataset is None:
        abort(404)
    return dataset

"""Machine-readable catalogues: a municipality's Frictionless data package, and the network's
DCAT-AP (JSON-LD) and Project Open Data ``data.json`` that national portals harvest."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from participa.core.datasets import Dataset
from participa.extensions import db
from participa.municipalities.models import Municipality
from participa.opendata import services


def live_municipalities() -> list[Municipality]:
    """The municipalities that publish (every one not archived), by name."""
    return list(
        db.session.scalars(
            select(Municipality)
            .where(Municipality.archived_at.is_(None))
            .order_by(Municipality.name)
        )
    )


def _download(municipality: Municipality, dataset: Dataset, fmt: str) -> str:
    return url_for(
        f"opendata.download_{fmt}", municipality=municipality.slug, name=dataset.name,
        _external=True,
    )  # fmt: skip


def data_package(municipality: Municipality, datasets: Sequence[Dataset]) -> dict[str, Any]:
    """The Frictionless data package describing every dataset of ``municipality``."""
    licence = services.licence_of(services.settings_of(municipality))
    return {
        "profile": "tabular-data-package",
        "name": f"participa-{municipality.slug}",
        "title": _("Open data of %(name)s", name=municipality.name),
        "homepage": url_for("opendata.catalogue", municipality=municipality.slug, _external=True),
        "licenses": [licence],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": dataset.name,
                "title": str(dataset.title),
                "description": str(dataset.description),
                "path": _download(municipality, dataset, "csv"),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": services.table_schema(dataset),
            }
            for dataset in datasets
        ],
    }


def _entries(municipalities: Sequence[Municipality]) -> list[dict[str, Any]]:
    from participa.opendata import registry

    found = []
    for municipality in municipalities:
        licence = services.licence_of(services.settings_of(municipality))
        for dataset in registry.datasets():
            facts = services.facts(dataset, municipality.id)
            found.append({
                "municipality": municipality, "dataset": dataset, "licence": licence,
                "modified": services.plain(facts.last_modified) if facts.last_modified else None,
                "id": url_for("opendata.catalogue", municipality=municipality.slug,
                              _anchor=dataset.name, _external=True),
            })  # fmt: skip
    return found


def dcat_ap(municipalities: Sequence[Municipality]) -> dict[str, Any]:
    """The network's catalogue as DCAT-AP in JSON-LD."""
    datasets = []
    for entry in _entries(municipalities):
        municipality, dataset = entry["municipality"], entry["dataset"]
        item: dict[str, Any] = {
            "@id": entry["id"],
            "@type": "dcat:Dataset",
            "dct:identifier": f"{municipality.slug}/{dataset.name}",
            "dct:title": f"{dataset.title} — {municipality.name}",
            "dct:description": str(dataset.description),
            "dct:publisher": {"@type": "foaf:Agent", "foaf:name": municipality.name},
            "dct:spatial": {"@type": "dct:Location", "skos:prefLabel": municipality.name,
                            "locn:geographicName": municipality.country},
            "dct:license": {"@id": entry["licence"]["path"]},
            "dct:language": municipality.default_locale,
            "dcat:keyword": list(dataset.keywords),
            "dcat:distribution": [
                {"@type": "dcat:Distribution", "dcat:downloadURL":
                 {"@id": _download(municipality, dataset, fmt)},
                 "dcat:mediaType": media, "dct:format": fmt.upper(),
                 "dct:license": {"@id": entry["licence"]["path"]}}
                for fmt, media in (("csv", "text/csv"), ("json", "application/json"))
            ],
        }  # fmt: skip
        if entry["modified"]:
            item["dct:modified"] = {"@value": entry["modified"], "@type": "xsd:dateTime"}
        if municipality.contact_email:
            item["dcat:contactPoint"] = {
                "@type": "vcard:Organization",
                "vcard:fn": municipality.name,
                "vcard:hasEmail": f"mailto:{municipality.contact_email}",
            }
        datasets.append(item)
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/", "vcard": "http://www.w3.org/2006/vcard/ns#",
            "skos": "http://www.w3.org/2004/02/skos/core#", "locn": "http://www.w3.org/ns/locn#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": url_for("opendata_network.dcat", _external=True),
        "@type": "dcat:Catalog",
        "dct:title": _("Open data of the network's municipalities"),
        "dcat:dataset": datasets,
    }  # fmt: skip


def project_open_data(municipalities: Sequence[Municipality]) -> dict[str, Any]:
    """The network's catalogue in the Project Open Data v1.1 ``data.json`` layout."""
    datasets = []
    for entry in _entries(municipalities):
        municipality, dataset = entry["municipality"], entry["dataset"]
        item: dict[str, Any] = {
            "@type": "dcat:Dataset",
            "identifier": entry["id"],
            "title": f"{dataset.title} — {municipality.name}",
            "description": str(dataset.description),
            "keyword": list(dataset.keywords) or [dataset.name],
            "publisher": {"@type": "org:Organization", "name": municipality.name},
            "accessLevel": "public",
            "license": entry["licence"]["path"],
            "spatial": municipality.name,
            "language": [municipality.default_locale],
            "distribution": [
                {"@type": "dcat:Distribution", "downloadURL": _download(municipality, dataset, f),
                 "mediaType": media, "format": f.upper()}
                for f, media in (("csv", "text/csv"), ("json", "application/json"))
            ],
        }  # fmt: skip
        if entry["modified"]:
            item["modified"] = entry["modified"]
        if municipality.contact_email:
            item["contactPoint"] = {"@type": "vcard:Contact", "fn": municipality.name,
                                    "hasEmail": f"mailto:{municipality.contact_email}"}  # fmt: skip
        datasets.append(item)
    return {
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@type": "dcat:Catalog",
        "dataset": datasets,
    }

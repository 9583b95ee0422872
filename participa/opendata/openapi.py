"""The OpenAPI 3.1 document of ``/api/v1``, generated from the declared datasets."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _

from participa.core.datasets import Column, Dataset
from participa.opendata import registry

JSON_TYPES = {"integer": "integer", "number": "number", "string": "string", "boolean": "boolean",
              "datetime": "string", "date": "string"}  # fmt: skip


def _column_schema(column: Column) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": [JSON_TYPES[column.type], "null"],
                              "description": str(column.description)}  # fmt: skip
    if column.type == "datetime":
        schema["format"] = "date-time"
    elif column.type == "date":
        schema["format"] = "date"
    return schema


def row_schema(dataset: Dataset) -> dict[str, Any]:
    """The JSON schema of one row of ``dataset``."""
    return {
        "type": "object",
        "required": [c.name for c in dataset.columns],
        "properties": {c.name: _column_schema(c) for c in dataset.columns},
        "additionalProperties": False,
    }


ERROR = {
    "type": "object",
    "required": ["errors"],
    "properties": {"errors": {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["status", "title", "detail"],
        "properties": {"status": {"type": "string"}, "title": {"type": "string"},
                       "detail": {"type": "string"}}}}},
}  # fmt: skip


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    meaning = {
        400: _("The query string is not valid."),
        404: _("No such municipality or dataset."),
        429: _("Too many requests: wait the seconds Retry-After gives."),
    }
    return {str(code): _json(ERROR, meaning[code]) for code in codes}


SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"},
        "description": "", "example": "bahia-blanca"}  # fmt: skip


def _rows_path(dataset: Dataset) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = [
        {**SLUG, "description": _("The municipality's short name in its addresses.")},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1,
         "maximum": 1000, "default": 100}, "description": _("Rows per page.")},
        {"name": "cursor", "in": "query", "schema": {"type": "string"},
         "description": _("Opaque: copy it from links.next.")},
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": [
            dataset.key, f"-{dataset.key}"], "default": dataset.key},
         "description": _("Order by the key, ascending or (with -) descending.")},
    ]  # fmt: skip
    if dataset.changed:
        parameters.append({"name": "changed_since", "in": "query",
                           "schema": {"type": "string", "format": "date-time"},
                           "description": _("Only rows changed since this moment "
                                            "(RFC 3339), for harvesting.")})  # fmt: skip
    for column in dataset.columns:
        if column.type in ("integer", "string", "boolean") and column.name != dataset.key:
            parameters.append({"name": column.name, "in": "query", "schema": {
                "type": JSON_TYPES[column.type]},
                "description": _("Only rows whose %(name)s equals this value.",
                                 name=column.name)})  # fmt: skip
    page = {
        "type": "object",
        "required": ["data", "links"],
        "properties": {
            "data": {"type": "array", "items": row_schema(dataset)},
            "links": {"type": "object", "required": ["self", "next"], "properties": {
                "self": {"type": "string"}, "next": {"type": ["string", "null"]}}},
        },
    }  # fmt: skip
    return {"get": {
        "operationId": f"rows_{dataset.name.replace('-', '_')}",
        "summary": str(dataset.title), "description": str(dataset.description),
        "tags": ["datasets"], "parameters": parameters,
        "responses": {"200": _json(page, _("One page of rows.")), **_errors(400, 404, 429)},
    }}  # fmt: skip


def document() -> dict[str, Any]:
    """The whole OpenAPI document, in the current language."""
    listing = {"type": "object", "required": ["data"],
               "properties": {"data": {"type": "array", "items": {"type": "object"}}}}  # fmt: skip
    paths: dict[str, Any] = {
        "/": {"get": {"operationId": "index", "summary": _("What the API offers"),
                      "responses": {"200": _json({"type": "object"}, _("Links."))}}},
        "/municipalities": {"get": {
            "operationId": "municipalities", "summary": _("Municipalities that publish"),
            "responses": {"200": _json(listing, _("Every municipality.")),
                          **_errors(429)}}},
        "/municipalities/{slug}/datasets": {"get": {
            "operationId": "datasets", "summary": _("The datasets of a municipality"),
            "parameters": [{**SLUG, "description": _("The municipality's short name.")}],
            "responses": {"200": _json(listing, _("Every dataset, with its size.")),
                          **_errors(404, 429)}}},
    }  # fmt: skip
    for dataset in registry.datasets():
        paths[f"/municipalities/{{slug}}/datasets/{dataset.name}"] = _rows_path(dataset)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": _("Participa open-data API"),
            "version": "1.0.0",
            "description": _("Read-only public data of every municipality on this platform. "
                             "No personal data. CORS is open; answers carry ETags."),
        },
        "servers": [{"url": url_for("api_v1.index", _external=True).rstrip("/")}],
        "paths": paths,
    }  # fmt: skip

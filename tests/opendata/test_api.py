"""The open-data API answers as its OpenAPI document says: every documented endpoint is called
and its answer validated against the documented schema; paging, filters, harvesting, errors,
validators and the rate limit."""

from __future__ import annotations

import base64
import json

import pytest
from jsonschema import Draft202012Validator

from tests.consultations.helpers import make_consultation, make_proposal

API = "/api/v1"


@pytest.fixture
def data(municipality):
    consultation = make_consultation(municipality, phase="supports")
    for n in range(5):
        make_proposal(consultation, title=f"Propuesta {n}", state="accepted" if n % 2 else
                      "published")  # fmt: skip
    return consultation


def test_every_documented_endpoint_answers_as_documented(client, data):
    spec = client.get(f"{API}/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    checked = 0
    for path, item in spec["paths"].items():
        operation = item["get"]
        url = API + path.replace("{slug}", "villa-norte").rstrip("/") + ("/" if path == "/" else "")
        response = client.get(url)
        assert str(response.status_code) in operation["responses"], url
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        Draft202012Validator(schema).validate(response.get_json())
        # Every documented query parameter is accepted with a value of its type.
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query" or parameter["name"] == "cursor":
                continue
            kind = parameter["schema"].get("type")
            value = {"integer": "1", "boolean": "true"}.get(kind, "x")
            if parameter["name"] == "changed_since":
                value = "2020-01-01T00:00:00Z"
            if parameter["name"] == "sort":
                value = parameter["schema"]["enum"][1]
            answer = client.get(url, query_string={parameter["name"]: value})
            assert answer.status_code == 200, (url, parameter["name"], answer.get_json())
            Draft202012Validator(schema).validate(answer.get_json())
        errors = operation["responses"]
        if "{slug}" in path:
            missing = client.get(url.replace("villa-norte", "nowhere"))
            assert missing.status_code == 404
            Draft202012Validator(_schema(errors["404"])).validate(missing.get_json())
        if "400" in errors:
            bad = client.get(url, query_string={"limit": "0"})
            assert bad.status_code == 400
            Draft202012Validator(_schema(errors["400"])).validate(bad.get_json())
        checked += 1
    assert checked >= 6


def _schema(response: dict) -> dict:
    return response["content"]["application/json"]["schema"]


def test_pages_follow_links_next_to_the_end(client, data):
    url = f"{API}/municipalities/villa-norte/datasets/proposals"
    seen = []
    page = client.get(url, query_string={"limit": 2}).get_json()
    while True:
        seen += [row["title"] for row in page["data"]]
        if not page["links"]["next"]:
            break
        page = client.get(page["links"]["next"].replace("http://localhost", "")).get_json()
    assert seen == [f"Propuesta {n}" for n in range(5)]
    backwards = client.get(url, query_string={"sort": "-id", "limit": 5}).get_json()
    assert [r["title"] for r in backwards["data"]] == [f"Propuesta {n}" for n in range(4, -1, -1)]
    accepted = client.get(url, query_string={"state": "accepted"}).get_json()
    assert {r["title"] for r in accepted["data"]} == {"Propuesta 1", "Propuesta 3"}


def test_harvesting_by_change_and_validators(client, data):
    url = f"{API}/municipalities/villa-norte/datasets/proposals"
    future = client.get(url, query_string={"changed_since": "2999-01-01T00:00:00Z"}).get_json()
    assert future["data"] == []
    first = client.get(url)
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "query",
    [{"limit": "0"}, {"limit": "x"}, {"limit": "99999999999"}, {"cursor": "%%%"},
     {"cursor": "bnVsbA"}, {"sort": "title"}, {"nothing": "1"}, {"supports": "many"},
     {"qualifies": "maybe"}, {"changed_since": "yesterday"}],
)  # fmt: skip
def test_bad_queries_are_json_errors(client, data, query):
    response = client.get(f"{API}/municipalities/villa-norte/datasets/proposals",
                          query_string=query)  # fmt: skip
    assert response.status_code == 400
    [error] = response.get_json()["errors"]
    assert error["status"] == "400" and error["detail"]


def _cursor(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


# A cursor is only base64: one made by hand holds what its key column cannot be compared with
# (a number past INTEGER, text for a number key, a NUL), which the database refused as a 500.
@pytest.mark.parametrize("value", [2**31, -(2**31) - 1, 10**30, "abc", "\x00", "1", True])
def test_a_cursor_made_by_hand_is_a_json_400(client, data, value):
    url = f"{API}/municipalities/villa-norte/datasets/proposals"
    for sort in ("id", "-id"):
        response = client.get(url, query_string={"cursor": _cursor(value), "sort": sort})
        assert response.status_code == 400
        assert response.get_json()["errors"][0]["detail"] == "cursor is not one this API gave."


def test_changed_since_at_the_ends_of_the_calendar(client, data):
    # Turned to UTC, these leave the calendar: the first or last moment stands for them.
    url = f"{API}/municipalities/villa-norte/datasets/proposals"
    late = client.get(url, query_string={"changed_since": "9999-12-31T23:00:00-05:00"})
    assert late.status_code == 200 and late.get_json()["data"] == []
    early = client.get(url, query_string={"changed_since": "0001-01-01T00:00:00+05:00"})
    assert early.status_code == 200 and len(early.get_json()["data"]) == 5


def test_unknown_names_are_json_404(client, data, other_municipality):
    assert client.get(f"{API}/municipalities/nowhere/datasets").status_code == 404
    missing = client.get(f"{API}/municipalities/villa-norte/datasets/nothing")
    assert missing.status_code == 404 and missing.get_json()["errors"][0]["status"] == "404"
    other = client.get(f"{API}/municipalities/otra-ciudad/datasets/proposals").get_json()
    assert other["data"] == []  # another municipality's rows never leak


def test_the_docs_page_lists_every_endpoint(client, data):
    page = client.get(f"{API}/docs").get_data(as_text=True)
    assert "GET /municipalities/{slug}/datasets/proposals" in page


@pytest.mark.rate_limits(RATELIMIT_OPEN_DATA_API="2 per minute")
def test_the_rate_limit_answers_429_with_retry_after(limited_app, data):
    client = limited_app.test_client()
    statuses = [client.get(f"{API}/municipalities").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = client.get(f"{API}/municipalities")
    assert int(response.headers["Retry-After"]) > 0
    assert response.get_json()["errors"][0]["status"] == "429"

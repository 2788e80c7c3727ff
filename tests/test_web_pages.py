"""The HTML pages' own answers: error pages and the limits they share with the API."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from newsprism.store import Store
from newsprism.web import Settings, create_app
from newsprism.web.params import MAX_QUERY


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=store.url), store=store)) as test_client:
        yield test_client


def _title(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.S)
    assert found is not None
    return found.group(1)


def test_web_pages_error_pages_are_titled_by_their_status(client: TestClient) -> None:
    invalid = client.get("/search", params={"limit": "many"})
    assert invalid.status_code == 422
    assert _title(invalid.text).startswith("Unprocessable") and "Not found" not in invalid.text
    missing = client.get("/stories/nope")
    assert missing.status_code == 404 and _title(missing.text).startswith("Not Found")


def test_web_pages_search_length_limit_is_the_apis(client: TestClient) -> None:
    longest, too_long = "слово " * (MAX_QUERY // 6), "с" * (MAX_QUERY + 1)
    assert len(longest) <= MAX_QUERY and len(longest) > 300  # the page allowed 300, the API 500
    assert client.get("/search", params={"q": longest}).status_code == 200
    assert client.get("/api/search", params={"q": longest}).status_code == 200
    assert client.get("/search", params={"q": too_long}).status_code == 422
    assert client.get("/api/search", params={"q": too_long}).status_code == 422

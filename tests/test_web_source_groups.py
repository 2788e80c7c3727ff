"""The web app's outlet groups: those of `--groups` merged with those stored with followed sources."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsprism.store import open_store
from newsprism.store.following import SourceSpec
from newsprism.web import Settings, create_app
from newsprism.web.app import SETTINGS_ENV, create_app_from_env
from newsprism.web.groups import OutletGroup, merged


def test_web_groups_merged_file_wins_on_a_shared_name() -> None:
    from_file = (OutletGroup("Оппозиционные", "editorial line", ("Свободный голос",)),)
    sources = [("Вестник", ["regional", "Оппозиционные"]), ("Курьер", ["regional"]), ("Эхо", [])]
    assert merged(from_file, sources) == (
        OutletGroup("Оппозиционные", "editorial line", ("Свободный голос",)),  # not Вестник
        OutletGroup("regional", "", ("Вестник", "Курьер")),
    )


def test_web_groups_from_sources_shown_and_followed_live(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    store.add_sources([SourceSpec("Вестник", ("http://127.0.0.1:1/rss.xml",), ("regional", "state"))])
    from_file = (OutletGroup("state", "editorial line", ("Вестник Державы",)),)
    with TestClient(create_app(Settings(db=store.url, groups=from_file), store=store)) as client:
        first = client.get("/api/groups")
        assert first.json() == [
            {"name": "state", "kind": "editorial line", "outlets": ["Вестник Державы"], "sites": {}},
            {"name": "regional", "kind": "", "outlets": ["Вестник"], "sites": {}},
        ]
        page = client.get("/outlets")
        assert page.status_code == 200 and "regional" in page.text
        store.add_sources([SourceSpec("Курьер", ("http://127.0.0.1:1/k.xml",), ("regional",))])
        again = client.get("/api/groups", headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 200  # adding a source changes the answer (and its ETag)
        assert again.json()[1] == {
            "name": "regional",
            "kind": "",
            "outlets": ["Вестник", "Курьер"],
            "sites": {},
        }
        store.remove_source("Вестник")
        assert client.get("/api/groups").json()[1]["outlets"] == ["Курьер"]
    store.close()


def test_web_groups_with_sites_reach_every_worker_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `serve --workers N` hands the settings to each worker through the environment, as JSON.
    store = open_store(tmp_path / "s.db")
    store.close()
    group = OutletGroup("business", "", ("РБК", "Коммерсантъ"), (("Коммерсантъ", ("kommersant.ru",)),))
    settings = Settings(db=str(tmp_path / "s.db"), groups=(group,))
    monkeypatch.setenv(SETTINGS_ENV, json.dumps(dataclasses.asdict(settings)))
    with TestClient(create_app_from_env()) as client:
        assert client.get("/api/groups").json() == [
            {
                "name": "business",
                "kind": "",
                "outlets": ["РБК", "Коммерсантъ"],
                "sites": {"Коммерсантъ": ["kommersant.ru"]},
            }
        ]

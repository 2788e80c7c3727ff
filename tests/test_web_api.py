"""The web app's JSON API and pages over a store built from the samples and the demo corpus."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsprism.analyse import Pipeline
from newsprism.ingest import IngestError, read_paths
from newsprism.run import run
from newsprism.run.stories import update_stories
from newsprism.store import Store, open_store
from newsprism.web import Settings, create_app, load_groups

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def corpus(pipeline: Pipeline, seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(tmp_path_factory.mktemp("web") / "corpus.db")
    articles = [item for item in read_paths([seeds_dir, EXAMPLES]) if not isinstance(item, IngestError)]
    run(articles, store, pipeline)
    update_stories(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(corpus: Store) -> Iterator[TestClient]:
    groups = load_groups(EXAMPLES.parent / "docs" / "outlet-groups.toml")
    with TestClient(create_app(Settings(db=corpus.url, groups=groups), store=corpus)) as test_client:
        yield test_client


def test_web_stories_are_paginated_with_totals(client: TestClient) -> None:
    everything = client.get("/api/stories", params={"limit": 200}).json()
    assert everything["total"] == len(everything["items"]) >= 5
    first = client.get("/api/stories", params={"limit": 2}).json()
    second = client.get("/api/stories", params={"limit": 2, "offset": 2}).json()
    assert first["total"] == second["total"] == everything["total"]
    assert [s["id"] for s in first["items"] + second["items"]] == [s["id"] for s in everything["items"][:4]]
    sizes = [s["size"] for s in everything["items"]]
    assert sizes == sorted(sizes, reverse=True)  # biggest first by default
    assert client.get("/api/stories", params={"offset": 10_000}).json()["items"] == []
    for bad in ({"limit": 0}, {"limit": 201}, {"offset": -1}, {"sort": "random"}, {"since": "yesterday"}):
        assert client.get("/api/stories", params=bad).status_code == 422, bad


def test_web_stories_filter_by_outlet_category_entity_and_dates(client: TestClient) -> None:
    outlet = "Свободный голос"
    found = client.get("/api/stories", params={"outlet": outlet, "limit": 200}).json()
    assert found["items"] and all(outlet in s["outlets"] for s in found["items"])
    everything = client.get("/api/stories", params={"limit": 200}).json()["total"]
    assert found["total"] < everything
    economy = client.get("/api/stories", params={"category": "economy", "kind": "event"}).json()
    assert economy["items"] and all(
        s["category"] == "economy" and s["kind"] == "event" for s in economy["items"]
    )
    gromov = client.get("/api/stories", params={"entity": "виктор громов", "limit": 200}).json()
    assert 0 < gromov["total"] < everything
    assert client.get("/api/stories", params={"since": "2100-01-01"}).json()["total"] == 0
    dated = client.get("/api/stories", params={"since": "2026-01-01", "until": "2026-12-31"}).json()
    assert all(s["last"] >= "2026-01-01" for s in dated["items"])


def test_web_story_shows_the_comparison_and_coverage_by_group(client: TestClient) -> None:
    lines = client.get("/api/stories", params={"kind": "storyline", "entity": "Виктор Громов"}).json()
    story_id = lines["items"][0]["id"]
    detail = client.get(f"/api/stories/{story_id}").json()
    assert detail["comparison"]["schema"] == 6
    assert detail["comparison"]["story"]["id"] == story_id
    assert len(detail["timeline"]) == detail["story"]["events"] >= 2
    coverage = {c["group"]: c for c in detail["coverage"]}
    assert coverage["Оппозиционные"]["covered_by"] == ["Свободный голос"]
    assert coverage["Россия"]["covered"] is False  # «Комсомольская правда» did not report the invented talks
    page = client.get(f"/stories/{story_id}", headers={"accept-language": "en"})
    assert page.status_code == 200
    assert "Coverage by outlet group" in page.text and "missed" in page.text
    russian = client.get(f"/stories/{story_id}").text  # a Russian store, no stated preference
    assert "Освещение по группам изданий" in russian and "пропущено" in russian
    assert detail["articles"][0]["title"] in page.text
    assert client.get("/api/stories/no-such-story").status_code == 404
    assert client.get("/stories/no-such-story").status_code == 404


def test_web_search_finds_every_form_of_a_word(client: TestClient) -> None:
    # The samples say «Путину», «Путиным», «Путина»: any form of the query finds both.
    for query in ("Путин", "путиным", "Путина"):
        found = client.get("/api/search", params={"q": query}).json()
        assert found["total"] == 2, query
        hit = found["items"][0]
        assert hit["matches"]
        assert any(m["layer"] == "match" for s in hit["snippet"] for m in s["marks"])
    both = client.get("/api/search", params={"q": "Путин Макрон"}).json()["total"]
    assert both == 2
    assert (
        client.get("/api/search", params={"q": "Путин Громов"}).json()["total"] == 0
    )  # every word must match
    narrowed = client.get("/api/search", params={"q": "Путин", "outlet": "Комсомольская правда"}).json()
    assert narrowed["total"] == 1
    talks = client.get("/api/search", params={"q": "переговоры", "limit": 1}).json()
    assert talks["total"] >= 2 and len(talks["items"]) == 1


def test_web_search_input_is_never_query_syntax(client: TestClient) -> None:
    for query in ('"', "путин OR *", "NEAR(путин", "'; DROP TABLE articles; --", "^путин", "путин:*"):
        response = client.get("/api/search", params={"q": query})
        assert response.status_code == 200, query
    assert (
        client.get("/api/search", params={"q": "путин OR громов"}).json()["total"] == 0
    )  # OR is a word here
    assert client.get("/api/stories").json()["total"] > 0  # nothing was dropped
    page = client.get("/search", params={"q": "<b>Путин</b>"})
    assert page.status_code == 200 and "&lt;b&gt;Путин&lt;/b&gt;" in page.text


def test_web_entity_page_aliases_namings_and_mentions(client: TestClient) -> None:
    entity = client.get("/api/entity", params={"name": "виктор громов", "limit": 3}).json()
    assert entity["name"] == "Виктор Громов" and entity["type"] == "PER"
    assert {"Громов", "Виктор Громов"} <= {a["alias"] for a in entity["aliases"]}
    outlets = {o["outlet"]: o for o in entity["outlets"]}
    assert {"Свободный голос", "Вестник Державы"} <= set(outlets)
    assert all(-1 <= o["sentiment"] <= 1 and o["namings"] for o in outlets.values())
    mentions = entity["mentions"]
    assert len(mentions["items"]) == 3 and mentions["total"] == sum(
        o["mentions"] + o["quoted"]["mentions"]
        for o in outlets.values()  # own and quoted
    )
    text = "".join(s["text"] for s in mentions["items"][0]["context"])
    assert any(m["layer"] == "match" for s in mentions["items"][0]["context"] for m in s["marks"])
    assert text
    assert entity["quoted_about"] and all(q["speaker"] for q in entity["quoted_about"])
    page = client.get("/entity", params={"name": "Виктор Громов"}, headers={"accept-language": "en"})
    assert page.status_code == 200 and "Who is quoted about it" in page.text
    russian = client.get("/entity", params={"name": "Виктор Громов"}, headers={"accept-language": "ru"})
    assert "Кого цитируют о ней" in russian.text
    assert client.get("/api/entity", params={"name": "Никто Никакой"}).status_code == 404


def test_web_outlet_page_covered_and_missed(client: TestClient) -> None:
    outlet = "Свободный голос"
    profile = client.get("/api/outlet", params={"name": outlet}).json()
    assert profile["groups"] == ["Оппозиционные"]
    assert profile["covered"]["items"] and all(outlet in s["outlets"] for s in profile["covered"]["items"])
    assert profile["missed"]["items"] and all(outlet not in s["outlets"] for s in profile["missed"]["items"])
    assert profile["entities"] and profile["compared_with"]
    assert abs(sum(c["share"] for c in profile["categories"]) - 1) < 0.01
    assert client.get("/outlet", params={"name": outlet}).status_code == 200
    assert client.get("/api/outlet", params={"name": "Нет такого"}).status_code == 404
    outlets = client.get("/api/outlets", params={"limit": 2}).json()
    assert outlets["total"] >= 5 and len(outlets["items"]) == 2


def test_web_groups_file_maps_a_sites_host_to_its_outlet(
    pipeline: Pipeline, tmp_path: Path, seeds_dir: Path
) -> None:
    # An article stored under its host (no outlet named in it): the groups file knows the outlet's
    # name and its site, so the group covers it and the outlet's page is found by either name.
    article = next(a for a in read_paths([seeds_dir]) if not isinstance(a, IngestError))
    store = open_store(tmp_path / "hosts.db")
    run([replace(article, outlet="kommersant.ru")], store, pipeline)
    update_stories(store)
    path = tmp_path / "groups.toml"
    path.write_text(
        '[[group]]\nname = "Деловые"\n'
        'outlets = ["РБК", { name = "Коммерсантъ", sites = ["https://www.kommersant.ru/"] }]\n',
        encoding="utf-8",
    )
    with TestClient(create_app(Settings(db=store.url, groups=load_groups(path)), store=store)) as client:
        story_id = client.get("/api/stories").json()["items"][0]["id"]
        coverage = client.get(f"/api/stories/{story_id}").json()["coverage"]
        assert [(c["group"], c["covered_by"]) for c in coverage] == [("Деловые", ["Коммерсантъ"])]
        by_name = client.get("/api/outlet", params={"name": "Коммерсантъ"}).json()
        assert by_name["outlet"] == "kommersant.ru" and by_name["groups"] == ["Деловые"]
        assert client.get("/api/outlet", params={"name": "РБК"}).status_code == 404
        assert client.get("/api/groups").json()[0]["sites"] == {"Коммерсантъ": ["https://www.kommersant.ru/"]}
        page = client.get("/outlets", headers={"accept-language": "en"}).text
        row = page[page.index(">kommersant.ru<") :].split("</tr>")[0]
        assert '<span class="tag">Деловые</span>' in row
    store.close()


def test_web_article_carries_every_annotation(client: TestClient, corpus: Store) -> None:
    article = next(a for a in corpus.articles() if a.outlet == "Агентство Меридиан")
    detail = client.get(f"/api/articles/{article.id}").json()
    assert detail["article"]["title"] == article.title
    assert {s["kind"] for s in detail["stories"]} >= {"event"}
    assert all(article.outlet in s["outlets"] for s in detail["stories"])
    for layer in ("entities", "dates", "figures", "quotes"):
        assert detail["layers"][layer], layer
        first = detail["layers"][layer][0]
        assert article.text[first["start"] : first["stop"]] == first["text"]
    joined = "".join(s["text"] for p in detail["paragraphs"] for s in p["segments"])
    assert joined == article.text.replace("\n\n", "")
    page = client.get(f"/articles/{article.id}")
    # the report's highlighter: entities linked to their pages, dates marked
    assert '<a class="e PER"' in page.text and 'href="/entity?name=' in page.text
    assert '<mark class="dt"' in page.text
    assert client.get("/api/articles/0000000000000000").status_code == 404
    assert client.get("/api/articles/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_web_pages_render(client: TestClient) -> None:
    for path in (
        "/",
        "/?kind=event&sort=newest",
        "/entities",
        "/outlets",
        "/search",
        "/search?q=завод",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "text/html" in response.headers["content-type"]
    assert "default-src 'none'" in client.get("/").headers["content-security-policy"]
    assert client.get("/style.css").status_code == 200
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/docs").status_code == 404  # Swagger UI would load scripts from a CDN
    assert client.get("/?since=yesterday").status_code == 422


def test_web_openapi_schema_documents_paginated_lists(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/api/stories", "/api/search", "/api/entities", "/api/outlets"):
        names = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert {"limit", "offset"} <= names, path
    for path in ("/api/stories/{story_id}", "/api/entity", "/api/outlet", "/api/articles/{article_id}"):
        assert path in schema["paths"]
    assert "post" in schema["paths"]["/api/articles"]
    assert not any(path.startswith("/stories") for path in schema["paths"])  # pages stay out of the API


def test_web_answers_carry_etags_and_revalidate(client: TestClient, corpus: Store) -> None:
    first = client.get("/api/stories")
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    assert tag.startswith(f'W/"{corpus.generation()}-')
    again = client.get("/api/stories", headers={"if-none-match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    assert "content-security-policy" in again.headers
    other = client.get("/api/stories", params={"limit": 3})
    assert other.headers["etag"] != tag
    assert client.get("/api/stories", params={"limit": 3}, headers={"if-none-match": tag}).status_code == 200
    assert "etag" not in client.get("/api/stories/no-such-story").headers  # errors are not tagged
    assert client.get("/style.css").headers["cache-control"] == "max-age=3600"


def test_web_story_comparisons_are_precomputed_by_update_stories(client: TestClient, corpus: Store) -> None:
    from newsprism.compare.stored import live_data, signature

    stories = corpus.stories()
    signatures = corpus.comparison_signatures()
    assert stories and all(signatures.get(s.id) == signature(s) for s in stories)
    story = next(s for s in stories if s.kind == "storyline")
    detail = client.get(f"/api/stories/{story.id}").json()
    assert detail["comparison"] == corpus.comparison(story.id, signature(story)) == live_data(corpus, story)


def test_web_answers_are_compressed_when_asked(client: TestClient) -> None:
    story_id = client.get("/api/stories").json()["items"][0]["id"]
    packed = client.get(f"/stories/{story_id}", headers={"accept-encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip" and "<html" in packed.text
    plain = client.get(f"/stories/{story_id}", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.text == packed.text

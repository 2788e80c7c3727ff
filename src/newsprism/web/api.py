"""The JSON API under /api: the same answers as the pages, every list paginated with its total.

The OpenAPI schema is at /openapi.json (Swagger UI is off: it loads scripts from a CDN).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from newsprism.model import ArticleSummary, StorySummary
from newsprism.store import Filters
from newsprism.web import views
from newsprism.web.morphology import query_words
from newsprism.web.params import Limit, Offset, SearchQuery, SearchSortParam, StorySortParam, filters
from newsprism.web.state import Web, web
from newsprism.web.uploads import IngestResult, ingest_request


class Problem(BaseModel):
    detail: str


# Every answer but the data: a store that cannot be read (damaged, vanished) is a 503, never a 500.
router = APIRouter(
    prefix="/api",
    tags=["api"],
    responses={503: {"model": Problem, "description": "The store cannot be read; the detail says why."}},
)
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem, "description": "Not in this store."}}
T = TypeVar("T")

StoryId = Annotated[str, Path(pattern=r"^[\w-]{1,100}$", description="An event or storyline id.")]
ArticleId = Annotated[str, Path(pattern=r"^[0-9a-f]{16}$", description="An article id (16 hex digits).")]
Name = Annotated[
    str, Query(min_length=1, max_length=300, description="A canonical name or an outlet, any case.")
]
WebState = Annotated[Web, Depends(web)]
JSON_OBJECT = {"application/json": {"schema": {"type": "object"}}}
FilterParams = Annotated[Filters, Depends(filters)]


class PageModel(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class SearchPageModel(PageModel[T], Generic[T]):
    capped: bool = False  # counting stopped at `total` (10,000): there are more


class Segment(BaseModel):
    start: int
    stop: int
    text: str
    marks: list[dict[str, str]]


@dataclass(frozen=True, slots=True)
class SearchItem(ArticleSummary):
    """An article found (`ArticleSummary`'s fields), where the words matched and a snippet."""

    matches: list[list[int]]
    snippet: list[Segment]


class EntityItem(BaseModel):
    name: str
    type: str
    mentions: int
    articles: int


class OutletItem(BaseModel):
    outlet: str
    articles: int


class FacetsModel(BaseModel):
    outlets: list[OutletItem]
    categories: list[dict[str, Any]]
    first: str
    last: str


def _missing(what: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"no {what} in this store")


@router.get("/stories", response_model=PageModel[StorySummary])
def list_stories(
    state: WebState, f: FilterParams, sort: StorySortParam = "biggest", limit: Limit = 20, offset: Offset = 0
) -> Any:
    """Events and storylines, biggest or newest first, narrowed by outlet, category, entity, dates."""
    return state.cached(
        ("stories", f, sort, limit, offset), lambda: views.stories(state.store, f, sort, limit, offset)
    )


def _json(found: dict[str, Any] | None) -> bytes | None:
    """An answer of plain JSON types, encoded at once: FastAPI's `jsonable_encoder` would walk
    every value of a comparison (tens of kilobytes) in Python before encoding it."""
    return None if found is None else bytes(JSONResponse(found).body)


@router.get(
    "/stories/{story_id}", response_class=JSONResponse, responses={200: {"content": JSON_OBJECT}, **NOT_FOUND}
)
def get_story(state: WebState, story_id: StoryId) -> Response:
    """A story, its timeline, coverage by outlet group, and its comparison (docs/comparison.md)."""
    found = state.cached(
        ("story", story_id), lambda: _json(views.story_detail(state.store, story_id, state.groups()))
    )
    if found is None:
        raise _missing(f"story {story_id!r}")
    return Response(found, media_type="application/json")


@router.get("/search", response_model=SearchPageModel[SearchItem])
def search(
    state: WebState,
    f: FilterParams,
    q: SearchQuery = "",
    sort: SearchSortParam = "relevance",
    limit: Limit = 20,
    offset: Offset = 0,
) -> Any:
    """Analysed articles holding every word of `q` in any form («Путин» finds «Путиным»)."""
    words = query_words(q)
    return state.cached(
        ("search", tuple(map(tuple, words)), f, sort, limit, offset),
        lambda: views.search(state.store, words, f, sort, limit, offset),
    )


@router.get("/entities", response_model=PageModel[EntityItem])
def list_entities(
    state: WebState,
    outlet: Annotated[str | None, Query(max_length=300)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    """Canonical entities named in the most articles (of one outlet, or of all)."""
    page = state.cached(
        ("entities", outlet, limit, offset),
        lambda: state.store.top_entities(outlet=outlet or None, limit=limit, offset=offset),
    )
    return views.page_dict(page, [_entity(e) for e in page.items])


def _entity(e: Any) -> dict[str, Any]:
    return {"name": e.name, "type": e.type, "mentions": e.mentions, "articles": e.articles}


@router.get("/entity", responses=NOT_FOUND)
def get_entity(state: WebState, name: Name, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Every mention of a canonical entity (paginated), aliases, naming and sentiment per outlet by
    month, and who is quoted about it."""
    found = state.cached(
        ("entity", name, limit, offset), lambda: views.entity_profile(state.store, name, limit, offset)
    )
    if found is None:
        raise _missing(f"entity {name!r}")
    return found  # type: ignore[no-any-return]


@router.get("/outlets", response_model=PageModel[OutletItem])
def list_outlets(state: WebState, limit: Limit = 50, offset: Offset = 0) -> Any:
    """Outlets by number of stored articles ("" is articles without an outlet)."""
    outlets = state.cached(("facets", None), state.store.facets).outlets
    items = [{"outlet": o, "articles": n} for o, n in outlets[offset : offset + limit]]
    return {"items": items, "total": len(outlets), "limit": limit, "offset": offset}


@router.get("/outlet", responses=NOT_FOUND)
def get_outlet(state: WebState, name: Name, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    """What an outlet covers (its events, paginated) and misses, its categories against all
    outlets', and its sentiment toward its most named entities beside other outlets'."""
    found = state.cached(
        ("outlet", name, limit, offset),
        lambda: views.outlet_profile(state.store, name, state.groups(), limit, offset),
    )
    if found is None:
        raise _missing(f"outlet {name!r}")
    return found  # type: ignore[no-any-return]


@router.get("/articles/{article_id}", responses=NOT_FOUND)
def get_article(state: WebState, article_id: ArticleId) -> dict[str, Any]:
    """An article, every annotation layer with offsets, and its paragraphs cut into segments."""
    found = state.cached(
        ("article", article_id), lambda: views.article_detail(state.store, article_id, "/entity?name=")
    )
    if found is None:
        raise _missing(f"article {article_id!r}")
    return found  # type: ignore[no-any-return]


@router.get("/facets", response_model=FacetsModel)
def get_facets(state: WebState) -> Any:
    """What stories and search can be filtered by: outlets, categories, the date range."""
    facets = state.cached(("facets", None), state.store.facets)
    return {
        "outlets": [{"outlet": o, "articles": n} for o, n in facets.outlets],
        "categories": [{"category": c, "articles": n} for c, n in facets.categories],
        "first": facets.first,
        "last": facets.last,
    }


@router.get("/groups")
def get_groups(state: WebState) -> list[dict[str, Any]]:
    """The outlet groups: those of `--groups`, then those stored with followed sources."""
    return [
        {
            "name": g.name,
            "kind": g.kind,
            "outlets": list(g.outlets),
            "sites": {outlet: list(sites) for outlet, sites in g.sites},
        }
        for g in state.groups()
    ]


# The body is read by hand (JSON, JSON lines or a multipart upload), so it is described here. The JSON
# schema is left open: records that lack a field are reported one by one in `errors`, not refused.
INGEST_BODY = {
    "required": True,
    "description": "Articles with the fields of the JSONL format (title, text or body, lead, url, "
    "outlet, published, language): one object, an array of objects, or JSON lines; or files.",
    "content": {media: {"schema": {}} for media in ("application/json", "application/x-ndjson")}
    | {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "file": {"type": "array", "items": {"type": "string", "format": "binary"}, "minItems": 1}
                },
                "required": ["file"],
            }
        }
    },
}


@router.post(
    "/articles",
    response_model=IngestResult,
    responses={400: {}, 401: {}, 404: {}, 413: {}, 415: {}, 422: {}},  # 400: a broken multipart body
    openapi_extra={"requestBody": INGEST_BODY},
)
async def post_articles(state: WebState, request: Request) -> Any:
    """Ingest articles: a JSON body (an object, an array of objects, or JSON lines, with the fields
    of the JSONL format) or files in a multipart upload (field `file`, any format the CLI reads).
    Off unless the server runs with --allow-ingest; needs `Authorization: Bearer <token>`."""
    return await ingest_request(state, request)

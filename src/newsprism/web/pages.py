"""The HTML pages: server-rendered with autoescaping Jinja2 templates, no JavaScript.

Every value from an article reaches the page through the template engine, which escapes it; links
to a source are shown only when they are http(s) URLs. A story page shows the stored comparison
read back (`compare.record`) through the report's own view, highlighter, charts and template
(`present/templates/story_section.html`), and offers the report itself as a download.
"""

from __future__ import annotations

from http import HTTPStatus
from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsprism import __version__
from newsprism.compare.record import ComparisonRecord
from newsprism.compare.stored import comparison_data
from newsprism.present.article_html import article_html
from newsprism.present.charts import sentiment_over_time
from newsprism.present.comparison_html import StoryView
from newsprism.present.i18n import CURRENT
from newsprism.present.report import record_view, render_report
from newsprism.present.view_words import outlet_label
from newsprism.store import Filters, StoreError
from newsprism.web import views
from newsprism.web.groups import aliases, member_of
from newsprism.web.i18n import (
    N_,
    NAMES,
    Reader,
    gettext_,
    install,
    reader_of,
    remember,
    store_language,
)
from newsprism.web.morphology import query_words
from newsprism.web.params import Limit, Offset, SearchQuery, SearchSortParam, StorySortParam, Text, filters
from newsprism.web.state import Web, web

router = APIRouter(include_in_schema=False)
WebState = Annotated[Web, Depends(web)]
FilterParams = Annotated[Filters, Depends(filters)]
STYLE = (files("newsprism.web") / "static" / "style.css").read_text(encoding="utf-8")
COMPARISON_STYLE = (files("newsprism.present") / "templates" / "comparison.css").read_text(encoding="utf-8")
PAGE = 20


def _url(path: str, **params: Any) -> str:
    """A local URL with query parameters (empty ones left out), every part encoded."""
    kept = {k: v for k, v in params.items() if v not in (None, "", 0) or k == "name"}
    return path + ("?" + urlencode(kept) if kept else "")


def _safe_href(url: str | None) -> str:
    return url if url and url.lower().startswith(("http://", "https://")) else ""


def _entity_href(name: str) -> str:
    return _url("/entity", name=name)


# The titles of the error pages, by status (HTTPStatus's phrases, translated)
STATUS_TITLES = {
    400: N_("Bad Request"),
    404: N_("Not Found"),
    405: N_("Method Not Allowed"),
    413: N_("Content Too Large"),
    422: N_("Unprocessable Content"),
    500: N_("Internal Server Error"),
    503: N_("Service Unavailable"),
}


_env = Environment(
    # the web's templates first; the report's (the comparison of a story) beside them
    loader=ChoiceLoader(
        [PackageLoader("newsprism.web", "templates"), PackageLoader("newsprism.present", "templates")]
    ),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # templates ship with the package: no stat() of every template per render
)
_env.filters["outlet"] = outlet_label
_env.globals.update(
    version=__version__,
    url=_url,
    story_url=lambda story_id: "/stories/" + quote(story_id, safe=""),
    report_url=lambda story_id: "/stories/" + quote(story_id, safe="") + "/report",
    article_url=lambda article_id: "/articles/" + quote(article_id, safe=""),
    entity_url=lambda name: _url("/entity", name=name),
    outlet_url=lambda name: _url("/outlet", name=name or ""),
    safe_href=_safe_href,
)
install(_env)


def _reader(request: Request, state: WebState) -> Reader:
    """The reader's language; by default the language of most of the store's articles."""
    return reader_of(request, state.cached(("store-language",), lambda: store_language(state.store)))


ReaderParam = Annotated[Reader, Depends(_reader)]


def _html(name: str, reader: Reader, **context: Any) -> str:
    CURRENT.set(reader.lang)
    page = {"lang": reader.lang, "switch": reader.switch, "languages": NAMES}
    return _env.get_template(name).render(**page, **context)


def render(name: str, reader: Reader, status: int = 200, **context: Any) -> HTMLResponse:
    return remember(HTMLResponse(_html(name, reader, **context), status_code=status), reader)


def error_page(status: int, reader: Reader, message: str, **values: Any) -> HTMLResponse:
    """The error page, titled by its status («Not Found», «Unprocessable Content», …); `message`
    is English and translated here, with `values` put in its %(name)s fields afterwards."""
    CURRENT.set(reader.lang)
    title = gettext_(STATUS_TITLES.get(status, HTTPStatus(status).phrase))
    text = gettext_(message) % values if values else gettext_(message)
    return render("error.html", reader, status, title=title, message=text)


def _filters_dict(f: Filters) -> dict[str, Any]:
    return {k: getattr(f, k) for k in ("outlet", "category", "entity", "since", "until", "kind")}


@router.get("/style.css")
def style() -> Response:
    return Response(STYLE, media_type="text/css", headers={"cache-control": "max-age=3600"})


@router.get("/comparison.css")
def comparison_style() -> Response:
    return Response(COMPARISON_STYLE, media_type="text/css", headers={"cache-control": "max-age=3600"})


@router.get("/", response_class=HTMLResponse)
def stories_page(
    state: WebState,
    reader: ReaderParam,
    f: FilterParams,
    sort: StorySortParam = "biggest",
    limit: Limit = PAGE,
    offset: Offset = 0,
) -> HTMLResponse:
    page = state.cached(
        ("stories", f, sort, limit, offset), lambda: views.stories(state.store, f, sort, limit, offset)
    )
    facets = state.cached(("facets", None), state.store.facets)
    return render("stories.html", reader, page=page, facets=facets, f=_filters_dict(f), sort=sort, path="/")


def _view(state: Web, comparison: dict[str, Any] | None) -> StoryView | None:
    """The report's view of a stored comparison, None when it compares no article."""
    record = ComparisonRecord.from_dict(comparison) if comparison is not None else None
    return record_view(state.store, record) if record is not None and record.articles else None


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(state: WebState, reader: ReaderParam, story_id: str) -> HTMLResponse:
    def make() -> str | None:
        found = views.story_detail(state.store, story_id, state.groups())
        if found is None:
            return None
        CURRENT.set(reader.lang)  # the view's tooltips, figures and date bounds are in it too
        return _html("story.html", reader, d=found, view=_view(state, found["comparison"]))

    html = state.cached(("story-page", story_id, reader.lang, tuple(reader.switch.items())), make)
    if html is None:
        return error_page(404, reader, N_("There is no such story in this store."))
    return remember(HTMLResponse(html), reader)


@router.get("/stories/{story_id}/report")
def story_report(state: WebState, reader: ReaderParam, story_id: str) -> Response:
    """The story's HTML report (what `newsprism report ID` writes), as a file to save."""

    def make() -> str | None:
        story = state.store.story(story_id)
        if story is None:
            return None
        CURRENT.set("en")  # the report is in English, whatever the page's language
        view = _view(state, comparison_data(state.store, story))
        return None if view is None else render_report([view], title=story.title)

    html = state.cached(("story-report", story_id), make)
    if html is None:
        missing = N_("There is no such story, or no analysed article in it, in this store.")
        return error_page(404, reader, missing)
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in story_id)
    disposition = f'attachment; filename="newsprism-{name}.html"'
    return Response(html, media_type="text/html; charset=utf-8", headers={"content-disposition": disposition})


@router.get("/search", response_class=HTMLResponse)
def search_page(
    state: WebState,
    reader: ReaderParam,
    f: FilterParams,
    q: SearchQuery = "",
    sort: SearchSortParam = "relevance",
    limit: Limit = PAGE,
    offset: Offset = 0,
) -> HTMLResponse:
    words = query_words(q or "")
    page = (
        state.cached(
            ("search", tuple(map(tuple, words)), f, sort, limit, offset),
            lambda: views.search(state.store, words, f, sort, limit, offset),
        )
        if words
        else None
    )
    facets = state.cached(("facets", None), state.store.facets)
    return render(
        "search.html",
        reader,
        q=q or "",
        words=words,
        page=page,
        facets=facets,
        f=_filters_dict(f),
        sort=sort,
        path="/search",
    )


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    state: WebState, reader: ReaderParam, outlet: Text = None, limit: Limit = 50, offset: Offset = 0
) -> HTMLResponse:
    page = state.cached(
        ("entities", outlet, limit, offset),
        lambda: state.store.top_entities(outlet=outlet or None, limit=limit, offset=offset),
    )
    return render("entities.html", reader, page=page, outlet=outlet or "", path="/entities")


@router.get("/entity", response_class=HTMLResponse)
def entity_page(
    state: WebState, reader: ReaderParam, name: Text = None, limit: Limit = 50, offset: Offset = 0
) -> HTMLResponse:
    found = state.cached(
        ("entity", name, limit, offset),
        lambda: views.entity_profile(state.store, name, limit, offset) if name else None,
    )
    if found is None:
        return error_page(404, reader, N_("No entity of that name is mentioned in this store."))
    return render("entity.html", reader, e=found, chart=sentiment_over_time(found), path="/entity")


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(state: WebState, reader: ReaderParam) -> HTMLResponse:
    facets = state.cached(("facets", None), state.store.facets)
    groups = state.groups()
    known = aliases(groups)
    memberships = {
        outlet: [g.name for g in groups if member_of(g, outlet, known)] for outlet, _ in facets.outlets
    }
    return render("outlets.html", reader, facets=facets, groups=groups, memberships=memberships)


@router.get("/outlet", response_class=HTMLResponse)
def outlet_page(
    state: WebState, reader: ReaderParam, name: Text = None, limit: Limit = PAGE, offset: Offset = 0
) -> HTMLResponse:
    found = state.cached(
        ("outlet", name, limit, offset),
        lambda: (
            views.outlet_profile(state.store, name, state.groups(), limit, offset)
            if name is not None
            else None
        ),
    )
    if found is None:
        return error_page(404, reader, N_("No articles of that outlet are in this store."))
    return render("outlet.html", reader, o=found, path="/outlet")


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(state: WebState, reader: ReaderParam, article_id: str) -> HTMLResponse:
    def make() -> tuple[dict[str, Any], Markup | None] | None:
        found = views.article_detail(state.store, article_id, "/entity?name=")
        if found is None:
            return None
        doc = state.store.doc(article_id) if found["analysed"] else None
        # the report's highlighter, with links to the entities' pages and the dates marked; its
        # tooltips and figure values in the reader's language
        CURRENT.set(reader.lang)
        return found, article_html(doc, entity_href=_entity_href, dates=True) if doc is not None else None

    made = state.cached(("article-page", article_id, reader.lang), make)
    if made is None:
        return error_page(404, reader, N_("There is no such article in this store."))
    found, html = made
    return render("article.html", reader, a=found, html=html, safe_url=_safe_href(found["article"]["url"]))


def install_error_pages(app: FastAPI) -> None:
    """Errors as JSON under /api, as pages elsewhere."""

    def reader(request: Request) -> Reader:
        try:
            return _reader(request, web(request))
        except (StoreError, SQLAlchemyError):  # a store that cannot be read has no language
            return reader_of(request, "en")

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": error.detail}, error.status_code, headers=error.headers)
        return error_page(error.status_code, reader(request), str(error.detail))

    async def invalid(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": _jsonable(error.errors())}, 422)
        problems = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in error.errors())
        message = N_("Some parameters are not valid: %(problems)s")
        return error_page(422, reader(request), message, problems=problems)

    async def store_failed(request: Request, error: Exception) -> Response:
        # A damaged, unreadable or vanished store: the server answers, says why, and keeps running.
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": f"The store cannot be read: {error}"}, 503)
        return error_page(503, reader(request), N_("The store cannot be read: %(error)s"), error=str(error))

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(StoreError, store_failed)
    app.add_exception_handler(RequestValidationError, invalid)


def _jsonable(errors: Any) -> Any:
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(errors)

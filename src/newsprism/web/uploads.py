"""POST /api/articles: articles over HTTP, through the same readers and error handling as the CLI.

Off unless the server was started with --allow-ingest and a token. Each upload is read as the CLI
reads a file (by its name's extension, else by its content); a record that cannot be read is
reported with its line and the rest are stored, analysed and grouped into stories. Names of
uploaded files are labels only: nothing from a request is ever used as a path.
"""

from __future__ import annotations

import hmac
import io
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from fastapi import HTTPException, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.types import Message

from newsprism.ingest import IngestError, Source, read_source
from newsprism.ingest.sources import format_for_path
from newsprism.model import Article, Origin
from newsprism.run import run
from newsprism.web.state import Web

JSON_TYPES = ("application/json", "application/x-ndjson", "application/jsonl", "application/x-jsonlines")
MAX_FILES = 100


class ReadError(BaseModel):
    file: str
    line: int | None
    reason: str


class StoredArticle(BaseModel):
    id: str
    title: str
    outlet: str | None
    new: bool


class IngestResult(BaseModel):
    articles: list[StoredArticle]
    new: int
    analysed: int
    errors: list[ReadError]
    stories: int


def check_token(state: Web, request: Request) -> None:
    """404 while ingest is off; 401 without the right bearer token."""
    if not state.settings.allow_ingest or not state.settings.token:
        raise HTTPException(404, "ingest over HTTP is off: start the server with --allow-ingest and a token")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), state.settings.token.encode()
    ):
        raise HTTPException(
            401,
            "a valid token is needed: Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )


def counted(request: Request, limit: int) -> Request:
    """The request with its body counted as it streams in: past `limit` bytes, a 413. A chunked
    body declares no Content-Length, so only counting what arrives holds the limit (a 114 MB
    chunked upload was read in full against a 20 MB limit)."""
    received = 0
    receive = request.receive

    async def counting() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise HTTPException(413, f"request too large: over {limit} bytes")
        return message

    return Request(request.scope, counting)


async def ingest_request(state: Web, request: Request) -> dict[str, Any]:
    check_token(state, request)
    limit = state.settings.max_upload
    # A whole request may hold twice the per-file limit (form fields, several files); a JSON body
    # is itself the one file.
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit * 2:
        raise HTTPException(413, f"request too large: over {limit} bytes per file")
    request = counted(request, limit * 2)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    uploads: list[tuple[str, bytes]] = []
    if content_type in JSON_TYPES:
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise HTTPException(413, f"request too large: over {limit} bytes")
        uploads.append(("request.jsonl", bytes(body)))
    elif content_type == "multipart/form-data":
        async with request.form(max_files=MAX_FILES, max_fields=MAX_FILES) as form:
            for item in form.getlist("file"):
                if isinstance(item, UploadFile):
                    name = PurePosixPath((item.filename or "upload").replace("\\", "/")).name or "upload"
                    uploads.append((name, await item.read(limit + 1)))
        if not uploads:
            raise HTTPException(422, "no file in the upload: send files in the form field `file`")
    else:
        raise HTTPException(415, "send JSON (application/json) or files (multipart/form-data, field `file`)")
    return await run_in_threadpool(_ingest, state, uploads)


def read_upload(name: str, data: bytes, max_bytes: int) -> list[Article | IngestError]:
    """The articles of one upload, and an error for it or for each bad record, labelled `name`."""
    fmt = "jsonl" if name == "request.jsonl" else format_for_path(name)
    found: list[Article | IngestError] = []
    for item in read_source(Source("-", fmt), max_bytes=max_bytes, stdin=io.BytesIO(data)):
        if isinstance(item, IngestError):
            found.append(replace(item, file=name))
        else:
            item.origin = Origin(name, item.origin.line if item.origin else None)
            found.append(item)
    return found


def _ingest(state: Web, uploads: list[tuple[str, bytes]]) -> dict[str, Any]:
    articles: list[Article] = []
    errors: list[IngestError] = []
    for name, data in uploads:
        for item in read_upload(name, data, state.settings.max_upload):
            (errors if isinstance(item, IngestError) else articles).append(item)  # type: ignore[arg-type]
    with state.ingest_lock:  # one writer; the models load once, on the first upload
        pipeline = None
        if state.settings.analyse:
            if state.pipeline is None:
                from newsprism.analyse import default_pipeline

                state.pipeline = default_pipeline()
            pipeline = state.pipeline
        before = state.store.existing([a.id for a in articles])
        report = run(articles, state.store, pipeline)
        stories = 0
        if articles and pipeline is not None:
            from newsprism.run.stories import update_stories

            stories = update_stories(state.store).events
    by_id = {a.id: a for a in articles}
    return {
        "articles": [
            {"id": i, "title": by_id[i].title, "outlet": by_id[i].outlet, "new": i not in before}
            for i in report.ids
        ],
        "new": report.new,
        "analysed": report.analysed,
        "errors": [{"file": e.file, "line": e.line, "reason": e.reason} for e in errors],
        "stories": stories,
    }

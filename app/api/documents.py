"""GET /documents/{id} (text with mentions marked) and POST /documents (extract + write one article)."""

from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Path, Request
from pydantic import ValidationError

from app.deps import DriverDep, SettingsDep
from app.errors import DomainRoute, NotFound, Unauthorized, error_responses
from app.schemas import DocumentIn, DocumentPublic, IngestedPublic, WriteSummary
from graph import queries
from graph.writer import GraphWriter

router = APIRouter(prefix="/documents", tags=["documents"], route_class=DomainRoute)

MAX_BODY_BYTES = 5_000_000


@lru_cache(maxsize=1)
def _extractor() -> Any:
    # loaded on first upload: gazetteers and automatons take a moment and GETs never need them
    from loaders.pipeline import Extractor

    return Extractor.load()


@router.get("/{doc_id}", response_model=DocumentPublic, responses=error_responses(404, 503))
def get_document(
    driver: DriverDep,
    doc_id: Annotated[str, Path(description="content hash (Document.key) or the source name (`doc`)")],
) -> DocumentPublic:
    row = queries.get_document(driver, doc_id)
    if row is None:
        raise NotFound(
            f"no document {doc_id!r}", "use a key from an evidence row, or the file name without extension"
        )
    return DocumentPublic(**row["document"], spans=row["spans"], evidence=row["evidence"])


def _check_key(given: str | None, expected: str | None) -> None:
    if not expected:
        raise Unauthorized("uploads are disabled", "set KG_API_KEY on the server to enable POST /documents")
    if not given or not secrets.compare_digest(given.encode(), expected.encode()):
        raise Unauthorized("missing or wrong API key", "send the key in the X-API-Key header")


async def _document_in(request: Request) -> DocumentIn:
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise HTTPException(413, f"article larger than {MAX_BODY_BYTES} bytes")
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if ctype in ("text/plain", "text/html", "text/markdown"):
            text = body.decode("utf-8")
            markup = {"text/html": "html", "text/markdown": "markdown"}.get(ctype, "text")
            return DocumentIn(
                text=text,
                name=request.query_params.get("name"),
                title=request.query_params.get("title"),
                markup=markup,
            )  # type: ignore[arg-type]
        if ctype == "application/json":
            return DocumentIn.model_validate_json(body)
    except UnicodeDecodeError as exc:
        raise HTTPException(400, "the body is not UTF-8 text") from exc
    except ValidationError as exc:
        raise HTTPException(422, exc.errors(include_url=False, include_context=False)) from exc
    raise HTTPException(415, "send application/json ({text, name?, title?, ...}) or text/plain")


@router.post(
    "",
    response_model=IngestedPublic,
    status_code=201,
    responses=error_responses(401, 503),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/DocumentIn"}},
                "text/plain": {
                    "schema": {"type": "string"},
                    "example": "天易经开区聚集中车、三一等配套的零部件企业40多家。",
                },
            },
        }
    },
)
async def post_document(
    request: Request,
    driver: DriverDep,
    settings: SettingsDep,
    x_api_key: Annotated[str | None, Header(description="KG_API_KEY of the server")] = None,
) -> IngestedPublic:
    """Extract one article (JSON or plain text) and write it; answers what was extracted and written.

    Posting the same text again writes nothing (documents_unchanged = 1).
    """
    _check_key(x_api_key, settings.api_key)
    doc = await _document_in(request)
    from loaders.read import read_text

    name = doc.name or hashlib.sha256(doc.text.encode("utf-8")).hexdigest()[:16]
    raw = read_text(
        name,
        doc.text,
        title=doc.title,
        url=doc.url,
        published=doc.published,
        markup=doc.markup,
        source="POST /documents",
    )
    from starlette.concurrency import run_in_threadpool

    extractions = await run_in_threadpool(_extractor().extract_raw, raw)
    stats = await run_in_threadpool(GraphWriter(driver, database=settings.neo4j_database).write, extractions)
    if stats.documents_failed:
        raise HTTPException(500, {"detail": "writing failed; nothing was written", "errors": stats.errors})
    return IngestedPublic(
        documents=[x.to_contract() for x in extractions], written=WriteSummary(**stats.model_dump())
    )

"""Response (and request) models of the API. Pydantic v2, with examples for /docs.

Names by role: `XPublic` is what an endpoint returns for one X, `XsPublic`
a page of them ({data, count, limit, offset}).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# --------------------------------------------------------------------------- shared pieces


class NodeRef(BaseModel):
    label: str | None = None
    key: str
    name: str | None = None

    model_config = ConfigDict(
        json_schema_extra={"example": {"label": "Park", "key": "S437023", "name": "湖南湘潭天易经济开发区"}}
    )


class EvidencePublic(BaseModel):
    """A sentence behind a relationship, and the document it comes from."""

    sentence: str | None = None
    doc: str | None = Field(None, description="Document key (content hash): GET /documents/{doc}")
    doc_name: str | None = None
    title: str | None = None
    published: str | None = None
    confidence: float | None = None
    rule: str | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "sentence": "天易经开区积极承接优势产业配套,…聚集中车、三一等配套的零部件、新材料企业40多家。",
                "doc": "3f0c…",
                "doc_name": "000_4609dc6c1967e403",
                "title": "湘潭天易经开区:科技赋能企业发展 积极承接产业配套",
                "published": None,
                "confidence": 0.85,
                "rule": "supplies:aggregate",
            }
        }
    )


class Candidate(BaseModel):
    label: str
    key: str
    name: str
    aliases: list[str] = []
    level: str | None = None


class Page(BaseModel):
    count: int = Field(description="rows in this page")
    limit: int
    offset: int


# --------------------------------------------------------------------------- suppliers


class SupplierRow(BaseModel):
    kind: Literal["direct", "aggregate", "inferred"]
    supplier: NodeRef
    buyer: NodeRef
    via: NodeRef | None = Field(None, description="inferred rows: the chain the buyer leads or makes for")
    count: int | None = Field(None, description="aggregate claims: number of firms stated (40多家 → 40)")
    segments: list[str] | None = None
    confidence: float | None = None
    evidence_count: int = 0
    evidence: list[EvidencePublic] = []


class SuppliersPublic(Page):
    buyer: Candidate
    place: Candidate
    data: list[SupplierRow]

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "buyer": {"label": "Company", "key": "中国中车", "name": "中国中车", "aliases": ["中车"]},
                "place": {
                    "label": "Park",
                    "key": "S437023",
                    "name": "湖南湘潭天易经济开发区",
                    "aliases": ["天易经开区"],
                },
                "count": 1,
                "limit": 50,
                "offset": 0,
                "data": [
                    {
                        "kind": "aggregate",
                        "supplier": {"label": "Park", "key": "S437023", "name": "湖南湘潭天易经济开发区"},
                        "buyer": {"key": "中国中车", "name": "中国中车"},
                        "count": 40,
                        "segments": ["零部件", "新材料"],
                        "confidence": 0.85,
                        "evidence_count": 1,
                        "evidence": [
                            {
                                "sentence": "…聚集中车、三一等配套的零部件、新材料企业40多家。",
                                "doc_name": "000_4609dc6c1967e403",
                            }
                        ],
                    }
                ],
            }
        }
    )


# --------------------------------------------------------------------------- gaps


class GapCandidate(BaseModel):
    key: str
    name: str
    rank: int = Field(description="0 same city, 1 same province, 2 elsewhere")
    proximity: str
    evidence_count: int = 0


class Gap(BaseModel):
    kind: Literal["stated", "taxonomy"]
    target: NodeRef
    stage: str | None = None
    gap: str | None = Field(None, description="the stated kind of gap (配套企业、关键零部件企业缺乏)")
    confidence: float | None = None
    evidence_count: int = 0
    evidence: list[EvidencePublic] = []
    candidates: list[GapCandidate] = []


class ChainGaps(BaseModel):
    chain: NodeRef
    focus: bool = Field(description="the park names this chain as a leading/featured industry")
    gaps: list[Gap]


class GapsPublic(BaseModel):
    park: Candidate
    count: int
    data: list[ChainGaps]

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "park": {"label": "Park", "key": "G436013", "name": "株洲高新技术产业开发区"},
                "count": 1,
                "data": [
                    {
                        "chain": {"key": "电子信息", "name": "电子信息"},
                        "focus": True,
                        "gaps": [
                            {
                                "kind": "stated",
                                "target": {"label": "Chain", "key": "电子信息", "name": "电子信息"},
                                "gap": "配套企业、关键零部件企业缺乏",
                                "evidence_count": 1,
                                "evidence": [{"sentence": "…电子信息产业…配套企业、关键零部件企业缺乏…"}],
                                "candidates": [
                                    {"key": "…", "name": "…", "rank": 1, "proximity": "same province"}
                                ],
                            }
                        ],
                    }
                ],
            }
        }
    )


# --------------------------------------------------------------------------- visits


class Post(BaseModel):
    title: str | None = None
    org: NodeRef


class VisitRow(BaseModel):
    person: NodeRef
    posts: list[Post] = []
    target: NodeRef
    date: str | None = Field(None, description="as the article states it (11月27日至29日)")
    date_iso: str | None = Field(None, description="only when the article gives the year")
    date_sort: str | None = None
    confidence: float | None = None
    evidence: EvidencePublic


class VisitsPublic(Page):
    person: Candidate | None = None
    place: Candidate | None = None
    data: list[VisitRow]

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "person": {"label": "Person", "key": "吴勇强", "name": "吴勇强"},
                "count": 1,
                "limit": 100,
                "offset": 0,
                "data": [
                    {
                        "person": {"key": "吴勇强", "name": "吴勇强"},
                        "posts": [
                            {
                                "title": "区委书记",
                                "org": {"label": "Region", "key": "320118", "name": "高淳区"},
                            }
                        ],
                        "target": {"label": "Park", "key": "…", "name": "泰州医药高新技术产业开发区"},
                        "date": "11月27日至29日",
                        "date_iso": None,
                        "date_sort": "????-11-27",
                        "evidence": {"sentence": "11月27日至29日,区委书记吴勇强带队赴泰州、常州考察…"},
                    }
                ],
            }
        }
    )


# --------------------------------------------------------------------------- profiles, entities


class RegionLevel(BaseModel):
    key: str
    name: str | None = None
    level: str | None = None


class ChainSummary(BaseModel):
    key: str
    name: str | None = None
    source: str | None = None
    parks: int | None = None
    evidence_count: int = 0
    confidence: float | None = None


class CompanySummary(BaseModel):
    key: str
    name: str | None = None
    evidence_count: int | None = None


class GapSummary(BaseModel):
    target: NodeRef
    gap: str | None = None
    evidence_count: int = 0


class SupplyClaim(BaseModel):
    buyer: NodeRef
    count: int | None = None
    segments: list[str] | None = None
    evidence_count: int = 0


class DocumentRef(BaseModel):
    key: str
    name: str | None = None
    title: str | None = None
    published: str | None = None


class ParkPublic(BaseModel):
    park: dict[str, Any] = Field(
        description="the park's properties (key, name, aliases, level, zone_type, …)"
    )
    regions: list[RegionLevel]
    focus_chains: list[ChainSummary]
    companies: list[CompanySummary]
    gaps: list[GapSummary]
    supplies: list[SupplyClaim]
    visits: int
    documents: list[DocumentRef]

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "park": {"key": "S437023", "name": "湖南湘潭天易经济开发区", "level": "provincial"},
                "regions": [{"key": "430321", "name": "湘潭县", "level": "county"}],
                "focus_chains": [{"key": "工程机械", "name": "工程机械", "evidence_count": 1}],
                "companies": [{"key": "湖南五洲通药业股份有限公司", "name": "湖南五洲通药业股份有限公司"}],
                "gaps": [],
                "supplies": [{"buyer": {"key": "中国中车", "name": "中国中车"}, "count": 40}],
                "visits": 0,
                "documents": [{"key": "3f0c…", "name": "000_4609dc6c1967e403"}],
            }
        }
    )


class RegionPublic(BaseModel):
    region: dict[str, Any]
    parents: list[RegionLevel]
    children: list[RegionLevel]
    children_count: int
    parks: list[RegionLevel]
    focus_chains: list[ChainSummary]
    companies: list[CompanySummary]
    gaps: list[GapSummary]
    documents: list[DocumentRef]

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "region": {"key": "430300", "name": "湘潭市", "level": "city", "lon": 112.94, "lat": 27.83},
                "parents": [{"key": "430000", "name": "湖南省", "level": "province"}],
                "children": [{"key": "430321", "name": "湘潭县", "level": "county"}],
                "children_count": 5,
                "parks": [{"key": "S437023", "name": "湖南湘潭天易经济开发区", "level": "provincial"}],
                "focus_chains": [],
                "companies": [],
                "gaps": [],
                "documents": [],
            }
        }
    )


class RelationshipPublic(BaseModel):
    type: str
    direction: Literal["out", "in"]
    other: NodeRef
    key: str | None = None
    confidence: float | None = None
    evidence_count: int = 0
    source: str | None = Field(None, description="data source of gazetteer/taxonomy facts")
    props: dict[str, Any] = {}


class EntityPublic(BaseModel):
    label: str
    entity: dict[str, Any]
    relationships: list[RelationshipPublic]
    relationship_count: int
    documents: int

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "label": "Company",
                "entity": {"key": "中国中车", "name": "中国中车", "aliases": ["中车"]},
                "relationships": [
                    {
                        "type": "SUPPLIES",
                        "direction": "in",
                        "other": {"label": "Park", "key": "S437023", "name": "湖南湘潭天易经济开发区"},
                        "evidence_count": 1,
                        "props": {"count": 40},
                    }
                ],
                "relationship_count": 1,
                "documents": 1,
            }
        }
    )


class GraphRel(BaseModel):
    type: str
    key: str | None = None
    source: str
    target: str
    confidence: float | None = None
    evidence_count: int = 0


class NeighboursPublic(BaseModel):
    center: NodeRef
    nodes: list[NodeRef]
    relationships: list[GraphRel]


class SearchHit(Candidate):
    exact: bool = False
    score: float


class SearchPublic(BaseModel):
    query: str = Field(description="the query after conversion to simplified Chinese")
    count: int
    data: list[SearchHit]


class Span(BaseModel):
    start: int
    end: int
    label: str
    key: str
    name: str | None = None


class DocumentEvidence(BaseModel):
    type: str
    source_key: str | None = None
    target_key: str | None = None
    sentence: str | None = None
    start: int | None = None
    end: int | None = None
    rule: str | None = None
    confidence: float | None = None


class DocumentPublic(BaseModel):
    key: str
    name: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    truncated: bool | None = None
    parent: str | None = None
    text: str | None = None
    spans: list[Span] = Field(description="mentions: character offsets into text, end exclusive")
    evidence: list[DocumentEvidence]


# --------------------------------------------------------------------------- POST /documents


class DocumentIn(BaseModel):
    """One article to extract and write."""

    text: str = Field(min_length=1)
    name: str | None = Field(None, description="the contract's `doc`; defaults to the content hash")
    title: str | None = None
    url: str | None = None
    published: str | None = None
    markup: Literal["text", "html", "markdown"] = "text"

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "name": "my-article",
                "title": "湘潭天易经开区:积极承接产业配套",
                "text": "天易经开区积极承接优势产业配套,聚集中车、三一等配套的零部件、新材料企业40多家。",
            }
        }
    )


class WriteSummary(BaseModel):
    documents_read: int
    documents_written: int
    documents_unchanged: int
    documents_replaced: int
    documents_failed: int
    nodes_created: int
    relationships_created: int
    evidence_written: int
    errors: list[str] = []


class IngestedPublic(BaseModel):
    documents: list[dict[str, Any]] = Field(description="the extraction of each document (contract JSON)")
    written: WriteSummary


# --------------------------------------------------------------------------- errors


class ErrorPublic(BaseModel):
    detail: str
    hint: str | None = None
    candidates: list[Candidate] | None = None
    suggestions: list[Candidate] | None = None

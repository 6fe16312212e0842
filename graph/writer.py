"""Load extractor output (loaders.types.Extraction) into Neo4j.

Every write is a batched, parameterised ``UNWIND $rows … MERGE``: one query per
(label) or (type, source label, target label) group, never one round trip
per row, and one write transaction per batch of documents.

Model (see graph/model.py for the keys):
  (:Document {key=content hash, name, title, published, text, ...})
  (:Document)-[:MENTIONS {offsets, surfaces}]->(entity)
  (entity)-[r:TYPE {key, evidence_count, confidence, first_seen, last_seen, ...props}]->(entity)
  (:Evidence {key, rel_key=r.key, type, sentence, start, end, rule, confidence, seen, date})-[:IN]->(:Document)

Idempotent: a document whose content hash is already in the graph is skipped
("unchanged"). A new version of a document (same `name`, new hash) replaces
the old one: the old Document and its evidence go, the aggregates of the
relationships they backed are recomputed, and relationships left without
evidence are deleted unless they are gazetteer/taxonomy facts (`r.source`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from neo4j import Driver, ManagedTransaction
from neo4j import exceptions as neo4j_exc
from pydantic import BaseModel

from graph.db import translate_errors
from graph.model import (
    EVIDENCE,
    FACT_REL_TYPES,
    REL_PROPS,
    date_sort_key,
    doc_key,
    evidence_key,
    label,
    rel_key,
    rel_type,
    seen_date,
)
from loaders.types import Entity, Extraction, Label, Relation

__all__ = ["GraphWriter", "WriteStats", "ensure_writer_schema", "merge_nodes", "merge_relationships"]

DEFAULT_BATCH_DOCS = 50
_RESERVED = {"key", "name", "aliases"}


class WriteStats(BaseModel):
    """What one call of the writer did (sums of Neo4j's own counters)."""

    documents_read: int = 0
    documents_written: int = 0
    documents_unchanged: int = 0
    documents_replaced: int = 0
    documents_failed: int = 0
    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    evidence_written: int = 0
    errors: list[str] = []

    def add(self, other: WriteStats) -> None:
        for name in type(self).model_fields:
            if name == "errors":
                self.errors.extend(other.errors)
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))


# --------------------------------------------------------------------------- schema


def ensure_writer_schema(driver: Driver, database: str | None = None) -> None:
    """Constraints/indexes the writer relies on beyond cypher/schema.cypher (idempotent).

    Evidence nodes are looked up by key and by rel_key, and relationships by
    key (to recompute aggregates); without these every batch would scan.
    """
    stmts = [
        # an index, not a uniqueness constraint: evidence is only ever CREATEd for a new document,
        # deduplicated per batch (and cypher/schema.cypher keeps constraints to the contract's labels)
        f"CREATE INDEX evidence_key IF NOT EXISTS FOR (e:{EVIDENCE}) ON (e.key)",
        f"CREATE INDEX evidence_rel_key IF NOT EXISTS FOR (e:{EVIDENCE}) ON (e.rel_key)",
        f"CREATE INDEX evidence_source_key IF NOT EXISTS FOR (e:{EVIDENCE}) ON (e.source_key)",
    ]
    stmts += [
        f"CREATE INDEX rel_key_{rt.value.lower()} IF NOT EXISTS FOR ()-[r:{rel_type(rt)}]-() ON (r.key)"
        for rt in FACT_REL_TYPES
    ]
    with translate_errors(), driver.session(database=database) as s:
        for stmt in stmts:
            try:
                s.run(stmt).consume()
            except neo4j_exc.ClientError as exc:  # the same index made elsewhere under another name
                if "EquivalentSchemaRule" not in (exc.code or ""):
                    raise


# --------------------------------------------------------------------------- generic batched MERGE


def _clean_value(v: Any) -> Any:
    """A Neo4j property value: primitives and homogeneous lists of them; the rest as JSON."""
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    if isinstance(v, (list, tuple)) and all(isinstance(x, (str, int, float, bool)) for x in v):
        if len({type(x) for x in v}) <= 1:
            return list(v)
        return [str(x) for x in v]
    return json.dumps(v, ensure_ascii=False, default=str)


def _clean_props(d: dict[str, Any]) -> dict[str, Any]:
    return {k: _clean_value(v) for k, v in d.items() if k not in _RESERVED and v is not None}


def _counters(stats: WriteStats, summary: Any) -> None:
    c = summary.counters
    stats.nodes_created += c.nodes_created
    stats.nodes_deleted += c.nodes_deleted
    stats.relationships_created += c.relationships_created
    stats.relationships_deleted += c.relationships_deleted
    stats.properties_set += c.properties_set


def merge_nodes(
    tx: ManagedTransaction, lbl: Label | str, rows: list[dict[str, Any]], stats: WriteStats
) -> None:
    """MERGE nodes of one label on `key`: rows {key, name, aliases, attrs, source?}.

    The first name wins (gazetteer names load first and stay canonical);
    aliases are a union; attrs are set on create only and `source` (data
    source of gazetteer facts) whenever given.
    """
    if not rows:
        return
    q = f"""
    UNWIND $rows AS row
    MERGE (n:{label(lbl)} {{key: row.key}})
    ON CREATE SET n.name = row.name, n.aliases = row.aliases, n += row.attrs
    ON MATCH SET n.aliases = reduce(acc = coalesce(n.aliases, []), a IN row.aliases |
                                    CASE WHEN a IN acc THEN acc ELSE acc + a END)
    FOREACH (_ IN CASE WHEN row.source IS NULL THEN [] ELSE [1] END | SET n.source = row.source, n += row.attrs)
    """
    _counters(stats, tx.run(q, rows=rows).consume())


def merge_relationships(
    tx: ManagedTransaction,
    rtype: str,
    source_label: str,
    target_label: str,
    rows: list[dict[str, Any]],
    stats: WriteStats,
) -> None:
    """MERGE relationships of one type between two labels: rows {key, source, target, props}.

    Endpoints must exist (the writer merges them first). `props` overwrite
    (the latest statement of count/segments/date wins; each evidence node
    keeps its own).
    """
    if not rows:
        return
    q = f"""
    UNWIND $rows AS row
    MATCH (s:{label(source_label)} {{key: row.source}})
    MATCH (t:{label(target_label)} {{key: row.target}})
    MERGE (s)-[r:{rel_type(rtype)} {{key: row.key}}]->(t)
    SET r += row.props
    """
    _counters(stats, tx.run(q, rows=rows).consume())


# --------------------------------------------------------------------------- the writer


def _entity_row(e: Entity) -> dict[str, Any]:
    # 高新区 / 园区 name the document's park only inside that document: not an alias
    aliases = sorted({m for m in e.mentions if m and m != e.name} - set(e.local_mentions))
    return {"key": e.key, "name": e.name, "aliases": aliases, "attrs": _clean_props(e.attrs), "source": None}


def _mention_offsets(text: str, surfaces: Iterable[str]) -> list[int]:
    """Flat [start, end, start, end, ...] of the surfaces in text, longest first, no overlaps.

    The contract gives surfaces, not offsets; marking them in the text needs offsets.
    """
    taken: list[tuple[int, int]] = []
    for s in sorted({s for s in surfaces if s}, key=len, reverse=True):
        i = text.find(s)
        while i >= 0:
            j = i + len(s)
            if all(j <= a or i >= b for a, b in taken):
                taken.append((i, j))
            i = text.find(s, j)
    return [x for a, b in sorted(taken) for x in (a, b)]


class GraphWriter:
    """Writes Extractions in batches; one write transaction per batch of documents."""

    def __init__(
        self,
        driver: Driver,
        database: str | None = None,
        batch_docs: int = DEFAULT_BATCH_DOCS,
        force: bool = False,
    ) -> None:
        self.driver = driver
        self.database = database
        self.batch_docs = max(1, batch_docs)
        self.force = force  # rewrite documents already in the graph (e.g. after the extractor improved)
        self._schema_ready = False

    def _ensure_schema(self) -> None:
        if not self._schema_ready:
            ensure_writer_schema(self.driver, self.database)
            self._schema_ready = True

    def write(self, extractions: Iterable[Extraction]) -> WriteStats:
        total = WriteStats()
        for batch in _chunks(extractions, self.batch_docs):
            total.add(self.write_batch(batch))
        return total

    def write_batch(self, batch: list[Extraction]) -> WriteStats:
        """Write one batch in one transaction. On failure nothing of the batch is written."""
        self._ensure_schema()
        stats = WriteStats(documents_read=len(batch))
        now = datetime.now(UTC)
        try:
            with translate_errors(), self.driver.session(database=self.database) as s:
                s.execute_write(self._write_tx, batch, stats, now)
        except (neo4j_exc.Neo4jError, neo4j_exc.DriverError, ValueError, TypeError) as exc:
            # the data was refused (bad value, constraint, a label not allow-listed): the transaction
            # rolled back, so every document of the batch is reported failed and the run goes on.
            # A server that is down raises Neo4jUnavailable instead (translate_errors): nothing to go on with.
            failed = WriteStats(documents_read=len(batch), documents_failed=len(batch))
            names = ", ".join(x.document.name for x in batch[:5])
            failed.errors.append(f"batch [{names}{', ...' if len(batch) > 5 else ''}]: {exc}")
            return failed
        return stats

    # one transaction ---------------------------------------------------------------
    def _write_tx(
        self, tx: ManagedTransaction, batch: list[Extraction], stats: WriteStats, now: datetime
    ) -> None:
        # execute_write may retry the function: start from clean counters each time
        for name in type(stats).model_fields:
            if name not in ("documents_read", "errors"):
                setattr(stats, name, 0)
        docs: dict[str, Extraction] = {}
        for x in batch:
            docs.setdefault(doc_key(x.document.text), x)  # the same text twice in a batch: once
        stats.documents_unchanged += len(batch) - len(docs)

        rows = [{"key": k, "name": x.document.name} for k, x in docs.items()]
        existing = tx.run(
            """
            UNWIND $rows AS row
            OPTIONAL MATCH (same:Document {key: row.key})
            OPTIONAL MATCH (old:Document {name: row.name}) WHERE old.key <> row.key
            RETURN row.key AS key, same IS NOT NULL AS exists, same.extractor AS extractor,
                   collect(old.key) AS old
            """,
            rows=rows,
        ).data()
        # a stale stub whose text reappears under a new number is kept (same key, unchanged)
        to_delete = [k for k in self._stale_stubs(tx, docs, {x.document.name for x in batch}) if k not in docs]
        for r in existing:
            # the same text read by the same extractor: nothing to do. A newer extractor
            # (another fingerprint) rewrites it, as does --force.
            same_reading = r["extractor"] == (docs[r["key"]].extractor or r["extractor"])
            if r["exists"] and same_reading and not self.force:
                docs.pop(r["key"])
                stats.documents_unchanged += 1
                continue
            if r["old"]:
                stats.documents_replaced += 1
            to_delete += r["old"]
            if r["exists"]:
                to_delete.append(r["key"])
        touched: set[tuple[str, str]] = set()
        orphans: list[str] = []
        if to_delete:
            lost, orphans = self._delete_documents(tx, to_delete, stats)
            touched |= lost
        if docs:
            touched |= self._write_documents(tx, docs, stats, now)
        self._recompute(tx, touched, stats)
        if orphans:
            self._delete_orphans(tx, orphans, stats)
        if not docs:
            return
        stats.documents_written = len(docs)  # new documents and new versions

    @staticmethod
    def _stale_stubs(tx: ManagedTransaction, docs: dict[str, Extraction], names: set[str]) -> list[str]:
        """Related-article stubs of a rewritten article that its new version no longer has
        (an article and its stubs are written in one batch)."""
        parents = sorted({x.document.name for x in docs.values() if x.document.parent is None})
        if not parents:
            return []
        recs = tx.run(
            """
            UNWIND $parents AS p
            MATCH (s:Document {parent: p})
            WHERE NOT s.name IN $names
            RETURN s.key AS key
            """,
            parents=parents,
            names=sorted(names),
        ).data()
        return [r["key"] for r in recs]

    def _delete_documents(
        self, tx: ManagedTransaction, keys: list[str], stats: WriteStats
    ) -> tuple[set[tuple[str, str]], list[str]]:
        """Delete old documents with their evidence; return the relationships that lost
        evidence and the entities they mentioned (orphan candidates)."""
        res = tx.run(
            f"""
            UNWIND $keys AS k
            MATCH (d:Document {{key: k}})
            OPTIONAL MATCH (e:{EVIDENCE})-[:IN]->(d)
            WITH d, collect(e) AS evs
            WITH d, evs, [e IN evs | [e.type, e.rel_key]] AS touched,
                 COLLECT {{ MATCH (d)-[:MENTIONS]->(n) RETURN elementId(n) }} AS mentioned
            FOREACH (e IN evs | DETACH DELETE e)
            DETACH DELETE d
            RETURN touched, mentioned
            """,
            keys=keys,
        )
        touched: set[tuple[str, str]] = set()
        mentioned: set[str] = set()
        for r in res:
            touched |= {(t, k) for t, k in r["touched"]}
            mentioned |= set(r["mentioned"])
        _counters(stats, res.consume())
        return touched, sorted(mentioned)

    @staticmethod
    def _delete_orphans(tx: ManagedTransaction, ids: list[str], stats: WriteStats) -> None:
        """Entities that only the replaced documents named: no document mentions them any
        more and no evidence or data source holds a relationship of theirs. Gazetteer and
        taxonomy nodes (with a `source`) always stay."""
        _counters(
            stats,
            tx.run(
                """
                UNWIND $ids AS id
                MATCH (n) WHERE elementId(n) = id
                  AND n.source IS NULL
                  AND NOT EXISTS { (n)<-[:MENTIONS]-(:Document) }
                  AND NOT EXISTS { (n)-[r]-() WHERE r.evidence_count > 0 OR r.source IS NOT NULL }
                DETACH DELETE n
                """,
                ids=ids,
            ).consume(),
        )

    def _write_documents(
        self, tx: ManagedTransaction, docs: dict[str, Extraction], stats: WriteStats, now: datetime
    ) -> set[tuple[str, str]]:
        ingest_day = now.date().isoformat()
        nodes: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)  # label -> key -> row
        doc_rows: list[dict[str, Any]] = []
        mention_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        rel_rows: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
        ev_rows: list[dict[str, Any]] = []

        def add_node(lbl: str, row: dict[str, Any]) -> None:
            have = nodes[lbl].get(row["key"])
            if have is None:
                nodes[lbl][row["key"]] = row
            else:
                have["aliases"] = sorted(set(have["aliases"]) | set(row["aliases"]))

        for dkey, x in docs.items():
            d = x.document
            seen = seen_date(d.published) or ingest_day
            doc_rows.append(
                {
                    "key": dkey,
                    "name": d.name,
                    "title": d.title,
                    "published": d.published,
                    "published_iso": seen_date(d.published),
                    "url": d.url,
                    "source": d.source,
                    "truncated": d.truncated,
                    "parent": d.parent,
                    "text": d.text,
                    "original": d.original if d.original != d.text else None,
                    "ingested_at": now.isoformat(timespec="seconds"),
                    "extractor": x.extractor or None,
                }
            )
            # an entity listed twice: one MENTIONS
            surfaces: dict[tuple[str, str], set[str]] = defaultdict(set)
            spans: dict[tuple[str, str], set[tuple[int, int]]] = defaultdict(set)
            for e in x.entities:
                add_node(label(e.label), _entity_row(e))
                surfaces[(label(e.label), e.key)] |= {*e.mentions, e.name}
                spans[(label(e.label), e.key)] |= set(e.spans)
            for (lbl, key), surf in surfaces.items():
                mention_rows[lbl].append(
                    {
                        "doc": dkey,
                        "key": key,
                        "surfaces": sorted(surf),
                        # the recogniser's own offsets; a hand-made Extraction has surfaces only
                        "offsets": [i for sp in sorted(spans[(lbl, key)]) for i in sp]
                        or _mention_offsets(d.text, surf),
                    }
                )
            for r in x.relations:
                self._relation_rows(r, dkey, seen, add_node, rel_rows, ev_rows)

        # Every document written here is new to the graph (unchanged ones were skipped, old
        # versions deleted above), so its node, MENTIONS, Evidence and IN are CREATEd: no MERGE
        # has to look for what cannot exist yet.
        _counters(
            stats,
            tx.run(
                """
            UNWIND $rows AS row
            CREATE (d:Document)
            SET d = row
            """,
                rows=doc_rows,
            ).consume(),
        )
        for lbl, by_key in nodes.items():
            merge_nodes(tx, lbl, list(by_key.values()), stats)
        for lbl, rows in mention_rows.items():
            _counters(
                stats,
                tx.run(
                    f"""
                UNWIND $rows AS row
                MATCH (d:Document {{key: row.doc}})
                MATCH (n:{label(lbl)} {{key: row.key}})
                CREATE (d)-[:MENTIONS {{surfaces: row.surfaces, offsets: row.offsets}}]->(n)
                """,
                    rows=rows,
                ).consume(),
            )
        touched: set[tuple[str, str]] = set()
        for (rt, sl, tl), by_key in rel_rows.items():
            merge_relationships(tx, rt, sl, tl, list(by_key.values()), stats)
            touched |= {(rt, k) for k in by_key}
        res = tx.run(
            f"""
            UNWIND $rows AS row
            MATCH (d:Document {{key: row.doc}})
            CREATE (e:{EVIDENCE} {{key: row.key}})-[:IN]->(d)
            SET e += row.props
            """,
            rows=list({r["key"]: r for r in ev_rows}.values()),  # the same statement twice: once
        ).consume()
        _counters(stats, res)
        stats.evidence_written += res.counters.nodes_created
        return touched

    @staticmethod
    def _relation_rows(
        r: Relation, dkey: str, seen: str, add_node: Any, rel_rows: Any, ev_rows: list[Any]
    ) -> None:
        rt = rel_type(r.type)
        if r.type.value == "MENTIONS":
            return  # the writer makes MENTIONS itself from the entities
        sl, tl = label(r.source.label), label(r.target.label)
        # endpoints may be absent from the entity list: make sure they exist
        add_node(sl, {"key": r.source.key, "name": r.source.name, "aliases": [], "attrs": {}, "source": None})
        add_node(tl, {"key": r.target.key, "name": r.target.name, "aliases": [], "attrs": {}, "source": None})
        rk = rel_key(rt, r.source.key, r.target.key)
        props = _clean_props(r.props)
        rel_rows[(rt, sl, tl)][rk] = {
            "key": rk,
            "source": r.source.key,
            "target": r.target.key,
            "props": props,
        }
        ev = r.evidence
        # the extractor may normalise the date (date_start: 2019-11-27 or --11-27); else the raw text
        date_iso, date_sort = date_sort_key(r.props.get("date_start") or r.props.get("date"))
        ev_rows.append(
            {
                "doc": dkey,
                "key": evidence_key(rk, dkey, ev.start, ev.end, ev.rule),
                "props": {
                    k: v
                    for k, v in {
                        "rel_key": rk,
                        "type": rt,
                        "source_key": r.source.key,
                        "target_key": r.target.key,
                        "sentence": ev.sentence,
                        "start": ev.start,
                        "end": ev.end,
                        "rule": ev.rule,
                        "confidence": float(ev.confidence),
                        "seen": seen,
                        "date": None if r.props.get("date") is None else str(r.props["date"]),
                        "date_iso": date_iso,
                        "date_sort": date_sort,
                        "props": json.dumps(r.props, ensure_ascii=False, default=str) if r.props else None,
                        **{f"p_{name}": props.get(name) for name in REL_PROPS},
                    }.items()
                    if v is not None
                },  # absent, not null: fewer values to send
            }
        )

    def _recompute(self, tx: ManagedTransaction, touched: set[tuple[str, str]], stats: WriteStats) -> None:
        """Aggregates from the evidence; drop relationships that lost all evidence (not gazetteer facts)."""
        by_type: dict[str, list[str]] = defaultdict(list)
        for rt, k in touched:
            by_type[rt].append(k)
        for rt, keys in by_type.items():
            _counters(
                stats,
                tx.run(
                    f"""
                UNWIND $keys AS k
                MATCH ()-[r:{rel_type(rt)} {{key: k}}]->()
                CALL (r) {{
                  OPTIONAL MATCH (e:{EVIDENCE} {{rel_key: r.key}})
                  WITH e ORDER BY e.confidence DESC, e.seen DESC, e.key
                  RETURN count(e) AS n, max(e.confidence) AS best, min(e.seen) AS first, max(e.seen) AS last,
                         collect(e) AS evs
                }}
                SET r.evidence_count = n,
                    r.confidence = CASE WHEN r.source IS NULL THEN best ELSE 1.0 END,
                    r.first_seen = first, r.last_seen = last
                {_PROPS_FROM_EVIDENCE}
                WITH r, n WHERE n = 0 AND r.source IS NULL
                DELETE r
                """,
                    keys=keys,
                ).consume(),
            )


# r.count = the count of the best evidence stating one (unchanged when no evidence is left: a gazetteer fact)
_PROPS_FROM_EVIDENCE = "\n".join(
    f"SET r.{n} = CASE WHEN n = 0 THEN r.{n} ELSE [x IN evs WHERE x.p_{n} IS NOT NULL][0].p_{n} END"
    for n in REL_PROPS
)


def _chunks(items: Iterable[Extraction], n: int) -> Iterator[list[Extraction]]:
    batch: list[Extraction] = []
    for x in items:
        batch.append(x)
        if len(batch) >= n:
            yield batch
            batch = []
    if batch:
        yield batch

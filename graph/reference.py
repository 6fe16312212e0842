"""Gazetteer and taxonomy facts: loaded once, with their data source instead of evidence.

- data/regions.csv   -> (:Region {key=adcode, level, lon, lat}) -[:REGION_IN]-> parent
- data/parks.csv     -> (:Park {key=catalogue code}) -[:PARK_IN]-> (:Region),
                        leading industries -[:FOCUSES_ON]-> (:Chain) when the taxonomy knows them
- data/chains.yaml   -> (:Chain) -[:HAS_SEGMENT {stage}]-> (:Segment)
- data/companies.csv, data/company_groups.yaml -> (:Company) -[:SUBSIDIARY_OF]-> (:Company)

Every node and relationship loaded here carries `source` (the data file and
its origin); the writer never deletes a relationship that has one. All
writes go through the writer's batched MERGE helpers, so loading twice
changes nothing. Towns (~38k) load too: batched, they take seconds.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from neo4j import Driver
from pydantic import BaseModel

from graph.model import rel_key
from graph.settings import PROJECT_ROOT
from graph.writer import WriteStats, ensure_writer_schema, merge_nodes, merge_relationships
from loaders.chains import chain_for
from loaders.types import Label, RelType

__all__ = [
    "DATA_DIR",
    "ReferenceStats",
    "chain_key",
    "load_reference",
    "reference_loaded",
    "segment_key",
]

DATA_DIR = PROJECT_ROOT / "data"
BATCH_ROWS = 5000


class ReferenceStats(BaseModel):
    regions: int = 0
    parks: int = 0
    chains: int = 0
    segments: int = 0
    companies: int = 0
    focus_links: int = 0
    unmatched_industries: int = 0
    write: WriteStats = WriteStats()
    missing_files: list[str] = []


def chain_key(name: str) -> str:
    """Chain.key as the chain recogniser (loaders/chains.py) emits it."""
    return f"chain:{name}"


def segment_key(chain: str, segment: str) -> str:
    """Segment.key as loaders/chains.py emits it: the same product can sit in several chains."""
    return f"segment:{chain}:{segment}"


def _split(value: str | None) -> list[str]:
    return [x.strip() for x in (value or "").split("|") if x.strip()]


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _chunks(rows: list[dict[str, Any]], n: int = BATCH_ROWS) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), n):
        yield rows[i : i + n]


def _fact(rtype: RelType, source: str, target: str, data_source: str, **props: Any) -> dict[str, Any]:
    return {
        "key": rel_key(rtype, source, target),
        "source": source,
        "target": target,
        "props": {
            "source": data_source,
            "confidence": 1.0,
            **{k: v for k, v in props.items() if v is not None},
        },
    }


class _Loader:
    def __init__(self, driver: Driver, database: str | None) -> None:
        self.driver = driver
        self.database = database
        self.write = WriteStats()

    def nodes(self, lbl: Label, rows: list[dict[str, Any]]) -> None:
        for chunk in _chunks(rows):
            with self.driver.session(database=self.database) as s:
                s.execute_write(lambda tx, c=chunk: merge_nodes(tx, lbl, c, self.write))

    def rels(self, rtype: RelType, sl: Label, tl: Label, rows: list[dict[str, Any]]) -> None:
        for chunk in _chunks(rows):
            with self.driver.session(database=self.database) as s:
                s.execute_write(lambda tx, c=chunk: merge_relationships(tx, rtype, sl, tl, c, self.write))


def _node(key: str, name: str, aliases: list[str], source: str, **attrs: Any) -> dict[str, Any]:
    return {
        "key": key,
        "name": name,
        "aliases": sorted({a for a in aliases if a and a != name}),
        "attrs": {k: v for k, v in attrs.items() if v is not None},
        "source": source,
    }


def _load_regions(ld: _Loader, path: Path, towns: bool, st: ReferenceStats) -> None:
    src = "data/regions.csv (NBS 2023 division codes)"
    rows, links = [], []
    for r in _read_csv(path):
        if r["level"] == "town" and not towns:
            continue
        rows.append(
            _node(
                r["adcode"],
                r["name"],
                [r.get("short", "")],
                src,
                adcode=r["adcode"],
                short=r.get("short") or None,
                level=r["level"],
                parent_adcode=r.get("parent_adcode") or None,
                lon=_float(r.get("lon")),
                lat=_float(r.get("lat")),
            )
        )
        if r.get("parent_adcode"):
            links.append(_fact(RelType.REGION_IN, r["adcode"], r["parent_adcode"], src))
    # parents before children does not matter: nodes first, then relationships
    ld.nodes(Label.REGION, rows)
    ld.rels(RelType.REGION_IN, Label.REGION, Label.REGION, links)
    st.regions = len(rows)


def _load_chains(ld: _Loader, path: Path, st: ReferenceStats) -> list[dict[str, Any]]:
    src = "data/chains.yaml (chain taxonomy)"
    chains = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if isinstance(chains, dict):  # tolerate {chains: [...]}
        chains = chains.get("chains", [])
    chain_rows, seg_rows, links = [], [], []
    for c in chains:
        name = str(c["name"])
        chain_rows.append(
            _node(
                chain_key(name),
                name,
                [str(a) for a in c.get("aliases") or []],
                src,
                category=c.get("category"),
            )
        )
        for stage, segs in (c.get("segments") or {}).items():
            for seg in segs or []:
                seg = str(seg)
                k = segment_key(name, seg)
                seg_rows.append(_node(k, seg, [], src, chain=name, stage=str(stage)))
                links.append(_fact(RelType.HAS_SEGMENT, chain_key(name), k, src, stage=str(stage)))
    ld.nodes(Label.CHAIN, chain_rows)
    ld.nodes(Label.SEGMENT, seg_rows)
    ld.rels(RelType.HAS_SEGMENT, Label.CHAIN, Label.SEGMENT, links)
    st.chains, st.segments = len(chain_rows), len(seg_rows)
    return chains


def _load_parks(ld: _Loader, path: Path, st: ReferenceStats) -> None:
    rows, park_in, focus = [], [], []
    for r in _read_csv(path):
        src = f"data/parks.csv ({r.get('source') or 'catalogue'})"
        industries = _split(r.get("leading_industries"))
        rows.append(
            _node(
                r["key"],
                r["name"],
                _split(r.get("aliases")),
                src,
                province=r.get("province") or None,
                region_adcode=r.get("region_adcode") or None,
                level=r.get("level") or None,
                zone_type=r.get("zone_type") or None,
                leading_industries=industries,
            )
        )
        if r.get("region_adcode"):
            park_in.append(_fact(RelType.PARK_IN, r["key"], r["region_adcode"], src))
        for ind in industries:
            chain = chain_for(ind)  # the extractor's own taxonomy lookup: one rule, one place
            if chain:
                focus.append(_fact(RelType.FOCUSES_ON, r["key"], chain_key(chain), src, industry=ind))
            else:
                st.unmatched_industries += 1
    ld.nodes(Label.PARK, rows)
    ld.rels(RelType.PARK_IN, Label.PARK, Label.REGION, park_in)
    # one FOCUSES_ON per (park, chain) even when two raw industries map to the same chain
    ld.rels(RelType.FOCUSES_ON, Label.PARK, Label.CHAIN, list({f["key"]: f for f in focus}.values()))
    st.parks, st.focus_links = len(rows), len({f["key"] for f in focus})


def _load_companies(ld: _Loader, csv_path: Path, groups_path: Path, st: ReferenceStats) -> None:
    nodes: dict[str, dict[str, Any]] = {}
    subs: list[dict[str, Any]] = []
    if csv_path.exists():
        src = "data/companies.csv"
        for r in _read_csv(csv_path):
            nodes[r["key"]] = _node(
                r["key"],
                r["name"],
                [r.get("short", ""), *_split(r.get("aliases"))],
                f"{src} ({r.get('source') or 'listed firms'})",
                short=r.get("short") or None,
                listed_code=r.get("listed_code") or None,
                group_key=r.get("group_key") or None,
            )
            if r.get("group_key") and r["group_key"] != r["key"]:
                subs.append(_fact(RelType.SUBSIDIARY_OF, r["key"], r["group_key"], src))
    if groups_path.exists():
        src = "data/company_groups.yaml (curated groups)"
        data = yaml.safe_load(groups_path.read_text(encoding="utf-8")) or []
        for g in _group_entries(data):
            gkey, gnode = _group_node(g, src)
            nodes[gkey] = _merge_company(nodes.get(gkey), gnode)
            for sub in g.get("subsidiaries") or []:
                skey, snode = _group_node(sub if isinstance(sub, dict) else {"name": str(sub)}, src)
                nodes[skey] = _merge_company(nodes.get(skey), snode)
                subs.append(_fact(RelType.SUBSIDIARY_OF, skey, gkey, src))
    # a group key that only appears as group_key still needs its node
    for f in subs:
        nodes.setdefault(f["target"], _node(f["target"], f["target"], [], "data/companies.csv"))
    ld.nodes(Label.COMPANY, list(nodes.values()))
    ld.rels(RelType.SUBSIDIARY_OF, Label.COMPANY, Label.COMPANY, list({f["key"]: f for f in subs}.values()))
    st.companies = len(nodes)


def _group_node(g: dict[str, Any], src: str) -> tuple[str, dict[str, Any]]:
    """A company of company_groups.yaml: key and canonical name = legal name (the contract's rule)."""
    legal = str(g.get("legal") or g.get("key") or g["name"])
    aliases = [str(g.get("name") or ""), *(str(a) for a in g.get("aliases") or [])]
    return legal, _node(legal, legal, aliases, src)


def _merge_company(have: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    if have is None:
        return new
    have["aliases"] = sorted(set(have["aliases"]) | set(new["aliases"]))
    return have


def _group_entries(data: Any) -> Iterator[dict[str, Any]]:
    """company_groups.yaml as a list of groups, or a mapping name -> group, or {groups: [...]}."""
    if isinstance(data, dict) and "groups" in data:
        data = data["groups"]
    if isinstance(data, dict):
        for name, g in data.items():
            yield {"name": name, **(g or {})}
    else:
        for g in data or []:
            yield g


def load_reference(
    driver: Driver, data_dir: Path = DATA_DIR, database: str | None = None, towns: bool = True
) -> ReferenceStats:
    """Load every gazetteer/taxonomy file that exists; missing ones are reported, not fatal."""
    ensure_writer_schema(driver, database)
    ld = _Loader(driver, database)
    st = ReferenceStats()
    files = {n: data_dir / n for n in ("regions.csv", "chains.yaml", "parks.csv", "companies.csv")}
    if files["regions.csv"].exists():
        _load_regions(ld, files["regions.csv"], towns, st)
    if files["chains.yaml"].exists():
        _load_chains(ld, files["chains.yaml"], st)
    if files["parks.csv"].exists():
        _load_parks(ld, files["parks.csv"], st)
    if files["companies.csv"].exists() or (data_dir / "company_groups.yaml").exists():
        _load_companies(ld, files["companies.csv"], data_dir / "company_groups.yaml", st)
    st.missing_files = [n for n, p in files.items() if not p.exists()]
    st.write = ld.write
    return st


def reference_loaded(driver: Driver, database: str | None = None) -> bool:
    """True when the gazetteer is in the graph (regions carry a data source)."""
    with driver.session(database=database) as s:
        rec = s.run("MATCH (r:Region) WHERE r.source IS NOT NULL RETURN count(r) > 0 AS ok LIMIT 1").single()
    return bool(rec and rec["ok"])

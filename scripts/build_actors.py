"""Build the actor data files from ../shared/data (run once; outputs are committed).

    .venv/bin/python scripts/build_actors.py [SHARED_DATA_DIR]

Writes
- data/companies.csv        A-share listed firms (chain-reference/company.json):
                            key = normalised legal name, short name and derived cores as aliases,
                            group_key from data/company_groups.yaml when the firm is a member.
- data/region_prefixes.txt  province / city / county names and short forms that may start a
                            firm's legal name (湖南, 株洲, 湘潭县...), used to derive short names.
- data/product_words.txt    product words (2-5 chars, seen >= 3 times in the chain-reference
                            product tables) used to split a project name into firm + product.
It also prints the census of the catalogue's 主导产业 tokens that data/chains.yaml does not
cover yet, to help curate the chain taxonomy.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
sys.path.insert(0, str(ROOT))

from loaders.chains import chain_for
from loaders.companies import derive_short_names, normalise_name

# Status prefixes on listed short names (*ST 东旭 -> 东旭); not part of the name.
_STATUS = re.compile(r"^(\*?ST|S\*?ST|XD|XR|DR|N|C)\s*")
_REGION_SUFFIXES = ("特别行政区", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "自治州", "自治县",
                    "地区", "盟", "省", "市", "县", "区", "旗")


def _region_prefixes(shared: Path) -> list[str]:
    names: set[str] = set()
    for fname in ("provinces.csv", "cities.csv", "areas.csv"):
        with open(shared / "admin-divisions" / fname, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                name = row["name"]
                if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                    continue
                names.add(name)
                for suf in _REGION_SUFFIXES:
                    if name.endswith(suf) and len(name) - len(suf) >= 2:
                        names.add(name[: -len(suf)])
                        break
    return sorted(names, key=lambda n: (-len(n), n))


def _product_words(shared: Path) -> list[str]:
    counts: Counter[str] = Counter()
    ref = shared / "chain-reference"
    with open(ref / "product_product.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            counts[row["from_product"]] += 1
            counts[row["to_product"]] += 1
    with open(ref / "company_product.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            counts[row["product"]] += 1
    words = {w for w, n in counts.items() if 2 <= len(w) <= 5 and n >= 3 and re.fullmatch(r"[\u4e00-\u9fff]+", w)}
    return sorted(words)


def _group_members() -> dict[str, str]:
    """normalised legal name of every curated group/subsidiary -> its group key."""
    out: dict[str, str] = {}
    for g in yaml.safe_load((DATA / "company_groups.yaml").read_text(encoding="utf-8")):
        gkey = normalise_name(g["legal"])
        out[gkey] = gkey
        for s in g.get("subsidiaries", []) or []:
            out[normalise_name(s["legal"])] = gkey
    return out


def _companies(shared: Path) -> list[dict[str, str]]:
    members = _group_members()
    rows, seen = [], set()
    with open(shared / "chain-reference" / "company.json", encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            legal = normalise_name(rec["fullname"])
            if not legal or legal in seen:
                continue
            seen.add(legal)
            short = _STATUS.sub("", normalise_name(rec["name"]))
            derived = [a for a in derive_short_names(legal) if len(a) >= 2 and not chain_for(a)]
            code = rec.get("code", "").split(".")[0]
            if not set(short) & set(legal):
                # the source pairs some legal names with another firm's short name and code
                # (三一重工股份有限公司 / 龙软科技 / 688078): keep only what the legal name supports
                short = derived[0] if derived else ""
                code = ""
            aliases = [a for a in derived if a != short]
            rows.append({
                "key": legal,
                "name": legal,
                "short": short,
                "aliases": "|".join(aliases),
                "group_key": members.get(legal, ""),
                "listed_code": code,
                "source": "chain-reference/company.json",
            })
    return rows


def _census(shared: Path) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    with open(shared / "devzones" / "catalogue-2018.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for tok in re.split(r"[、，,；;]", row["leading_industries"]):
                if tok.strip():
                    counts[tok.strip()] += 1
    return [(t, n) for t, n in counts.most_common() if n >= 4 and chain_for(t) is None]


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    (DATA / "region_prefixes.txt").write_text(
        "# region names and short forms that may start a firm name; built by scripts/build_actors.py\n"
        + "\n".join(_region_prefixes(shared)) + "\n", encoding="utf-8")
    (DATA / "product_words.txt").write_text(
        "# product words from chain-reference (>= 3 uses); built by scripts/build_actors.py\n"
        + "\n".join(_product_words(shared)) + "\n", encoding="utf-8")
    rows = _companies(shared)
    with open(DATA / "companies.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["key", "name", "short", "aliases", "group_key", "listed_code", "source"])
        w.writeheader()
        w.writerows(rows)
    print(f"companies.csv: {len(rows)} firms")
    missing = _census(shared)
    print(f"catalogue industries (>=4 parks) not covered by chains.yaml: {len(missing)}")
    print(" ".join(f"{t}:{n}" for t, n in missing))


if __name__ == "__main__":
    main()

"""Build data/regions.csv and data/parks.csv from ../shared/data and cpca's coordinates.

Run once by a developer; the output is committed so that the project runs without
../shared and without cpca:

    .venv/bin/pip install cpca        # build-time only (ships adcodes + coordinates)
    .venv/bin/python scripts/build_places.py [--shared ../shared/data] [--out data]

Regions: provinces, cities, counties (6-digit adcodes) and towns (镇/乡/街道, 9 digits).
市辖区 / 省直辖县级行政区划 rows are not nodes (their children hang on the province) and
the NBS county-level statistical units of development zones (code xxxx7x) are parks, not
regions. Towns take their county's coordinates.

Parks: the 2018 catalogue plus national 经开区 missing from it; aliases come from the
abbreviation rules in data/park_suffixes.yaml; a park's region comes from its name,
province and city_or_county (the catalogue's coordinates are unreliable).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

# Suffixes that the short form of a division drops, longest first.
_PROVINCE_SUFFIXES = ("特别行政区", "自治区", "省", "市")
_CITY_SUFFIXES = ("自治州", "地区", "盟", "市")
_COUNTY_SUFFIXES = ("自治县", "自治旗", "林区", "特区", "新区", "县", "区", "市", "旗")
_TOWN_SUFFIXES = ("街道", "民族乡", "镇", "乡")
_TOWN_KEEP = re.compile(r"(镇|乡|街道)$")


def _ethnic_pattern() -> re.Pattern[str]:
    """Ethnic names (with or without 族) that autonomous divisions put before 自治…."""
    try:
        from importlib.resources import files

        import cpca  # noqa: F401  (build-time dependency)

        names = files("cpca.resources").joinpath("56_nations.csv").read_text("utf-8").split()
    except (ImportError, OSError):  # pragma: no cover - cpca is required for coordinates anyway
        names = []
    stems = sorted({n.removesuffix("族") for n in names if len(n.removesuffix("族")) >= 1}, key=len, reverse=True)
    return re.compile("(?:(?:" + "|".join(map(re.escape, stems)) + ")族?)+$")


def short_form(name: str, suffixes: tuple[str, ...], ethnic: re.Pattern[str]) -> str:
    for suf in suffixes:
        if name.endswith(suf) and len(name) > len(suf):
            stem = name[: -len(suf)]
            if suf.startswith("自治") or suf == "民族乡":
                bare = ethnic.sub("", stem)
                stem = bare if len(bare) >= 2 else stem  # 内蒙古, 西藏 keep their ethnic-looking stem
            return stem if len(stem) >= 2 else ""
    return ""


def load_coords() -> dict[str, tuple[float, float]]:
    from importlib.resources import files

    text = files("cpca.resources").joinpath("adcodes.csv").read_text("utf-8")
    out: dict[str, tuple[float, float]] = {}
    for row in csv.DictReader(text.splitlines()):
        if row["longitude"] and row["latitude"]:
            out[row["adcode"][:6]] = (float(row["longitude"]), float(row["latitude"]))
    return out


def build_regions(src: Path) -> list[dict[str, str]]:
    ethnic = _ethnic_pattern()
    coords = load_coords()
    rows: list[dict[str, str]] = []

    def read(name: str) -> list[dict[str, str]]:
        with open(src / "admin-divisions" / name, encoding="utf-8") as fh:
            return list(csv.DictReader(fh))

    def row(adcode: str, name: str, short: str, level: str, parent: str, lonlat: tuple[str, str]) -> dict[str, str]:
        return {"adcode": adcode, "name": name, "short": short, "level": level, "parent_adcode": parent,
                "lon": lonlat[0], "lat": lonlat[1]}

    def ll(code6: str, *fallbacks: str) -> tuple[str, str]:
        for c in (code6, *fallbacks):
            if c in coords:
                lon, lat = coords[c]
                return f"{lon:.6f}", f"{lat:.6f}"
        return "", ""

    for p in read("provinces.csv"):
        code = p["code"] + "0000"
        rows.append(row(code, p["name"], short_form(p["name"], _PROVINCE_SUFFIXES, ethnic), "province", "", ll(code)))
    real_city: set[str] = set()
    for c in read("cities.csv"):
        if c["name"] in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue  # not a node: its counties hang on the province
        code = c["code"] + "00"
        real_city.add(c["code"])
        prov = c["provinceCode"] + "0000"
        rows.append(row(code, c["name"], short_form(c["name"], _CITY_SUFFIXES, ethnic), "city", prov, ll(code, prov)))
    county_parent: dict[str, str] = {}
    zone_units: dict[str, str] = {}
    for a in read("areas.csv"):
        parent = a["cityCode"] + "00" if a["cityCode"] in real_city else a["provinceCode"] + "0000"
        if a["code"][4] == "7":  # NBS statistical unit of a development zone: a park
            zone_units[a["code"]] = parent
            continue
        county_parent[a["code"]] = parent
        rows.append(row(a["code"], a["name"], short_form(a["name"], _COUNTY_SUFFIXES, ethnic), "county", parent,
                        ll(a["code"], parent, a["provinceCode"] + "0000")))
    by_code = {r["adcode"]: r for r in rows}
    for s in read("streets.csv"):
        if not _TOWN_KEEP.search(s["name"]) or "办事处" in s["name"]:
            continue
        parent = s["areaCode"] if s["areaCode"] in county_parent else zone_units.get(s["areaCode"], "")
        if not parent:
            continue
        pr = by_code[parent]
        rows.append(row(s["code"], s["name"], short_form(s["name"], _TOWN_SUFFIXES, ethnic), "town", parent,
                        (pr["lon"], pr["lat"])))
    return rows


# ---------------------------------------------------------------- parks

def _strip_prefix(name: str, prefixes: list[str]) -> str | None:
    for p in sorted(prefixes, key=len, reverse=True):
        if p and name.startswith(p) and len(name) > len(p):
            return name[len(p):]
    return None


class _RegionIndex:
    """Name/short-name lookup of non-town regions, per province."""

    def __init__(self, regions: list[dict[str, str]]):
        self.by_code = {r["adcode"]: r for r in regions}
        self.names: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(lambda: defaultdict(list))
        for r in regions:
            if r["level"] in ("town", "province"):
                continue
            prov = r["adcode"][:2]
            for n in {r["name"], r["short"]} - {""}:
                self.names[prov][n].append(r)
        self.province_by_name = {r["name"]: r for r in regions if r["level"] == "province"}

    def leading(self, prov: str, text: str, parent: str | None = None) -> tuple[dict[str, str], str] | None:
        """Longest region name (full or short) at the start of text, in the province (or
        under `parent`); ambiguous names resolve to the highest level."""
        table = self.names.get(prov, {})
        for ln in range(min(len(text) - 1, 12), 1, -1):
            cands = table.get(text[:ln])
            if not cands:
                continue
            if parent:
                cands = [c for c in cands if c["parent_adcode"] == parent]
                if not cands:
                    continue
            order = {"city": 0, "county": 1}
            best = sorted(cands, key=lambda c: order[c["level"]])
            return best[0], text[ln:]
        return None


def _suffix_variants(name: str, abbreviations: dict[str, list[str]], min_stem: int) -> set[str]:
    out = {name}
    for suf in sorted(abbreviations, key=len, reverse=True):
        if name.endswith(suf):
            stem = name[: -len(suf)]
            if len(stem) >= min_stem:
                out.update(stem + v for v in abbreviations[suf])
            break
    return out


def _has_stem(name: str, suffixes: list[str], min_stem: int) -> bool:
    for suf in sorted(suffixes, key=len, reverse=True):
        if name.endswith(suf):
            return len(name) - len(suf) >= min_stem
    return len(name) >= min_stem + 2


def build_parks(src: Path, regions: list[dict[str, str]], rules: dict) -> list[dict[str, str]]:
    idx = _RegionIndex(regions)
    abbreviations: dict[str, list[str]] = rules["abbreviations"]
    suffixes = list(rules["suffixes"])
    min_stem = int(rules.get("min_stem", 2))
    # a name left with a generic head after dropping its region prefix (巩义市产业集聚区 ->
    # 产业集聚区) would match every article: keep the prefix then
    generic = [g for g in rules.get("generic_stems", []) if len(g) >= 2] + list(rules.get("generic_heads", []))
    all_suffixes = sorted(set(suffixes) | set(abbreviations) | {v for vs in abbreviations.values() for v in vs}
                          | set(rules.get("bare", {})), key=len, reverse=True)
    with open(src / "devzones" / "catalogue-2018.csv", encoding="utf-8") as fh:
        catalogue = list(csv.DictReader(fh))
    with open(src / "devzones" / "national_etdz_232.csv", encoding="utf-8") as fh:
        national = list(csv.DictReader(fh))

    seen_keys: dict[str, int] = defaultdict(int)
    parks: list[dict[str, str]] = []

    def locate(name: str, prov_row: dict[str, str], city_or_county: str,
               address: str = "") -> tuple[str, list[str]]:
        """Most specific region from the name (then city_or_county); the prefixes it used.
        When neither names a region (东侨经济技术开发区), the geocoded address may give the
        city, but only if it lies in the zone's own province (many addresses are placeholders
        in another province) and only down to the city (counties there are often wrong)."""
        prov = prov_row["adcode"][:2]
        body = _strip_prefix(name, [prov_row["name"], prov_row["short"]]) or name
        used: list[str] = []
        region = prov_row
        for text in (body, city_or_county):
            hit = idx.leading(prov, text)
            if not hit:
                continue
            region, rest = hit
            used.append(text[: len(text) - len(rest)])
            # a county named right after its city: 南京江宁经济技术开发区 -> 江宁区
            if region["level"] == "city":
                sub = idx.leading(prov, rest, parent=region["adcode"])
                if sub:
                    region = sub[0]
                    used.append(rest[: len(rest) - len(sub[1])])
            break
        if region is prov_row and address.startswith(prov_row["name"]):
            hit = idx.leading(prov, address[len(prov_row["name"]):])
            if hit and hit[0]["level"] == "city":
                region = hit[0]
        return region["adcode"], used

    def aliases_for(name: str, prov_row: dict[str, str], used: list[str]) -> list[str]:
        bases = {name}
        body = _strip_prefix(name, [prov_row["name"], prov_row["short"]])
        if body:
            bases.add(body)
        current = body or name
        for prefix in used:  # drop the city prefix, then the county prefix
            if current.startswith(prefix):
                rest = current[len(prefix):]
                if (_has_stem(rest, suffixes, min_stem) and not rest.startswith(("（", "(", "—", "-"))
                        and not rest.startswith(tuple(generic))):
                    bases.add(rest)
                current = rest
        out: set[str] = set()
        for b in bases:
            out |= _suffix_variants(b, abbreviations, min_stem)
        out.discard(name)
        # never a bare zone word or a generic head (北京经济技术开发区 minus 北京)
        out = {a for a in out if _has_stem(a, all_suffixes, min_stem) and not a.startswith(tuple(generic))}
        # 长垣 + 县产业集聚区: a short-form prefix dropped leaves no name
        out = {a for a in out if not a.startswith(("县", "市", "区", "旗", "州", "盟"))}
        return sorted(out, key=lambda s: (-len(s), s))

    for row in catalogue:
        key = row["code"]
        seen_keys[key] += 1
        if seen_keys[key] > 1:  # S377018 appears twice in the source: keep both zones
            key = f"{key}-{seen_keys[key]}"
        prov_row = idx.province_by_name[row["province"]]
        region, used = locate(row["name"], prov_row, row["city_or_county"], row["geocoded_address"])
        industries = [s.strip() for s in re.split(r"[、，,；;]", row["leading_industries"]) if s.strip()]
        parks.append({"key": key, "name": row["name"], "aliases": aliases_for(row["name"], prov_row, used),
                      "province": row["province"], "region_adcode": region,
                      "level": "national" if row["approved_by"] == "国务院" else "provincial",
                      "zone_type": row["zone_type"], "leading_industries": "|".join(industries),
                      "source": "devzones/catalogue-2018.csv"})

    # national 经开区 not in the 2018 catalogue under that name: an upgraded provincial zone
    # (alias of a catalogue entry) or a zone of its own.
    alias_owner: dict[str, dict] = {}
    for p in parks:
        for a in [p["name"], *p["aliases"]]:
            alias_owner.setdefault(a, p)
    short_to_prov = {r["short"]: r for r in idx.province_by_name.values()}
    for row in national:
        name = re.sub(r"（.*?）", "", row["name"])
        prov_row = short_to_prov.get(row["province_short"])
        if prov_row is None:
            print(f"skip {row['name']}: unknown province {row['province_short']}", file=sys.stderr)
            continue
        owner = (alias_owner.get(name) or alias_owner.get(prov_row["short"] + name)
                 or alias_owner.get(_strip_prefix(name, [prov_row["name"], prov_row["short"]]) or name))
        if owner:
            if name != owner["name"] and name not in owner["aliases"]:
                owner["aliases"].append(name)
            continue
        region, used = locate(name, prov_row, "")
        parks.append({"key": "park:" + name, "name": name, "aliases": aliases_for(name, prov_row, used),
                      "province": prov_row["name"], "region_adcode": region, "level": "national",
                      "zone_type": "经济技术开发区", "leading_industries": "",
                      "source": "devzones/national_etdz_232.csv"})
        if name != row["name"]:
            parks[-1]["aliases"].append(row["name"])

    by_name = {p["name"]: p for p in parks}
    for alias, target in (rules.get("known_aliases") or {}).items():
        if target in by_name and alias not in by_name[target]["aliases"]:
            by_name[target]["aliases"].append(alias)
    for p in parks:
        p["aliases"] = "|".join(p["aliases"])
    return parks


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "data")
    args = ap.parse_args(argv)
    rules = yaml.safe_load((ROOT / "data" / "park_suffixes.yaml").read_text("utf-8"))
    regions = build_regions(args.shared)
    parks = build_parks(args.shared, regions, rules)
    write_csv(args.out / "regions.csv", regions, ["adcode", "name", "short", "level", "parent_adcode", "lon", "lat"])
    write_csv(args.out / "parks.csv", parks, ["key", "name", "aliases", "province", "region_adcode", "level",
                                                "zone_type", "leading_industries", "source"])
    levels = defaultdict(int)
    for r in regions:
        levels[r["level"]] += 1
    print(f"regions: {len(regions)} {dict(levels)}; parks: {len(parks)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

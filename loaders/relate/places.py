"""PARK_IN: where a park lies.

The gazetteer knows a catalogue park's county; a park found by a suffix rule
(新马创新园) takes the region of the park or region beside it in its sentence,
else of the document's main park. Of the region and its ancestors, the most
specific one the article itself names is preferred, so that the answer is
one a reader can check in the text.
"""

from __future__ import annotations

from loaders.relate.context import DocContext
from loaders.types import Entity, Label, Mention, Relation, RelType

RULE = "park-in:gazetteer"


def park_in(ctx: DocContext, places) -> tuple[list[Relation], list[Entity]]:
    relations: list[Relation] = []
    extra: list[Entity] = []
    seen: dict[str, list] = {}
    for sv in ctx.sentences:
        for park in sv.of(Label.PARK):
            seen.setdefault(park.key, []).append((sv, park))
    for where in seen.values():
        sv, park = where[0]
        adcode = _park_adcode(ctx, sv, park, places)
        for sv2, park2 in where:  # a sentence that says where it lies (位于…) wins
            stated = _stated_region(sv2, park2, adcode, places)
            if stated != adcode:
                sv, park, adcode = sv2, park2, stated
                break
        if not adcode:
            continue
        chain = [adcode, *places.ancestors(adcode)]
        named = [a for a in chain if a in ctx.region_counts]
        target_code = named[0] if named else adcode
        region = places.region(target_code)
        if region is None:
            continue
        ent = ctx.entities.get((Label.REGION, target_code))
        if ent is None:
            ent = Entity(Label.REGION, target_code, region.name, mentions=[], attrs={"inferred": True})
            ctx.entities[(Label.REGION, target_code)] = ent
            extra.append(ent)
        conf = 0.9 if named else 0.6
        relations.append(ctx.relation(RelType.PARK_IN, park, ent, sv, RULE, conf))
    return relations, extra


def _stated_region(sv, park: Mention, adcode: str | None, places) -> str | None:
    """湘潭天易经开区…位于湘潭县城易俗河: the text may place a park more precisely
    than the catalogue (which often knows only the city). A stated region wins
    when it lies inside the catalogue's region; the county is preferred to a
    town, since towns are where text is least reliable."""
    text, base = sv.sentence.text, sv.sentence.start
    at = text.find("位于", park.end - base)
    if at < 0:
        return adcode
    clause = sv.clause_of(base + at)
    stated = [m for m in sv.of(Label.REGION) if base + at < m.start < clause.end and not m.attrs.get("nested")]
    best = adcode
    for m in stated:
        chain = [m.key, *places.ancestors(m.key)]
        if adcode is None or adcode in chain:
            region = places.region(m.key)
            level = getattr(region, "level", "")
            if level != "town" and (best is None or best in chain):
                best = m.key
    return best


def _park_adcode(ctx: DocContext, sv, park: Mention, places) -> str | None:
    code = park.attrs.get("region_adcode") or places.park_region(park.key)
    if code:
        return str(code)
    # A park outside the catalogue: borrow the region of its neighbours.
    for other in sorted(sv.of(Label.PARK), key=lambda m: abs(m.start - park.start)):
        if other.key != park.key:
            c = other.attrs.get("region_adcode") or places.park_region(other.key)
            if c:
                return str(c)
    regions = [m for m in sv.of(Label.REGION) if not m.attrs.get("nested")]
    if regions:
        return min(regions, key=lambda m: abs(m.start - park.start)).key
    main = ctx.main_park
    if main is not None and main.key != park.key:
        c = main.attrs.get("region_adcode") or places.park_region(main.key)
        return str(c) if c else None
    return None

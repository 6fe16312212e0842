"""Region and Park gazetteers and their recognisers.

Data (built by scripts/build_places.py, editable by hand; see data/PROVENANCE.md):
  data/regions.csv          every division: adcode,name,short,level,parent_adcode,lon,lat
  data/parks.csv            the 2018 zone catalogue + national 经开区, with generated aliases
  data/park_suffixes.yaml   suffix, bare-word and stop-word rules for parks
  data/region_context.yaml  stoplist and context rules for region names

    places = get_places()                 # loaded once per process (~0.4 s)
    places.find_regions(doc)              # -> list[Mention], key = adcode
    places.find_parks(doc)                # -> list[Mention], key = catalogue code or 'park:<name>'

Both share one analysis per text because each needs the other: a region inside a park
name is kept (rule park-prefix, attrs nested) and a park's region gives context to short
region names.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from loaders.places.gazetteer import (
    DATA_DIR,
    Park,
    PlacesDataError,
    Region,
    Span,
    read_parks,
    read_regions,
    read_yaml,
)
from loaders.places.parks import ParkRecognizer
from loaders.places.regions import RegionRecognizer
from loaders.types import Document, Label, Mention

_SEEN_PARKS_MAX = 50_000  # suffix-rule parks whose last region park_region() remembers

__all__ = ["DATA_DIR", "Park", "ParkRecognizer", "Places", "PlacesDataError", "Region", "RegionRecognizer",
           "get_places"]


class Places:
    """Gazetteers of regions and parks, with recognisers over Documents."""

    def __init__(self, regions: RegionRecognizer, parks: ParkRecognizer):
        self.region_recognizer = regions
        self.park_recognizer = parks
        self.regions = regions.regions  # adcode -> Region
        self.parks = parks.parks  # key -> Park
        self._seen_park_region: dict[str, str] = {}
        self.shared = False  # words scanned with the firm and chain words (get_places())

    @classmethod
    def load(cls, data_dir: Path | str = DATA_DIR) -> Places:
        """Read the data files and build the automatons (~0.4 s; a pickle of the result
        loads no faster, so there is no cache). Raises PlacesDataError on a bad file."""
        d = Path(data_dir)
        park_rules = read_yaml(d / "park_suffixes.yaml")
        regions = RegionRecognizer(read_regions(d / "regions.csv"), read_yaml(d / "region_context.yaml"))
        parks = ParkRecognizer(read_parks(d / "parks.csv", park_rules.get("suffixes") or {}), park_rules, regions)
        return cls(regions, parks)

    # ------------------------------------------------------------------ lookups
    def region(self, adcode: str) -> Region | None:
        return self.regions.get(adcode)

    def ancestors(self, adcode: str) -> list[str]:
        """Parents of a region, nearest first (county -> city -> province)."""
        return self.region_recognizer.ancestors(adcode)

    def region_by_name(self, name: str) -> Region | None:
        """A full or short name -> region (the highest level when several share it)."""
        return self.region_recognizer.by_name(name)

    def park(self, key: str) -> Park | None:
        return self.parks.get(key)

    def park_region(self, park_key: str) -> str | None:
        """Most specific region of a park: catalogue parks from name + province + city;
        suffix-rule parks ('park:…') from the document they were last seen in (the
        document-specific answer is in each Mention's attrs['region_adcode'])."""
        p = self.parks.get(park_key)
        if p is not None:
            return p.region_adcode or None
        return self._seen_park_region.get(park_key)

    # ------------------------------------------------------------------ recognisers
    def find_regions(self, doc: Document) -> list[Mention]:
        regions, _ = _analyse(self, doc.text)
        return [_mention(Label.REGION, doc.text, s) for s in regions]

    def find_parks(self, doc: Document) -> list[Mention]:
        _, parks = _analyse(self, doc.text)
        seen = self._seen_park_region
        for s in parks:
            if s.key.startswith("park:") and s.attrs.get("region_adcode"):
                seen.pop(s.key, None)  # re-insert: most recently seen last
                seen[s.key] = s.attrs["region_adcode"]
        while len(seen) > _SEEN_PARKS_MAX:  # bounded over a long run of documents
            del seen[next(iter(seen))]
        return [_mention(Label.PARK, doc.text, s) for s in parks]

    def analyse(self, text: str) -> tuple[list[Span], list[Span]]:
        """Regions and parks of a text (uncached; find_* cache the last few texts)."""
        region_hits = park_hits = None
        if self.shared:
            from loaders.places.scan import shared_scan

            scan = shared_scan()
            region_hits, park_hits = scan.matches(text, "region"), scan.matches(text, "park")
        park_spans, bare = self.park_recognizer.spans(text, park_hits)
        cands = self.region_recognizer.candidates(text, park_spans, region_hits)
        park_regions = [sp.attrs["region_adcode"] for sp in park_spans
                        if sp.attrs.get("region_adcode") and not sp.attrs.keys() & {"candidates", "weak"}]
        regions = self.region_recognizer.resolve(cands, park_regions)
        parks = self.park_recognizer.finish(text, park_spans, bare, regions)
        return regions, parks


# the last few texts' analyses (find_regions and find_parks of one document share one);
# a bounded LRU, so a long run over many documents keeps at most this many
@lru_cache(maxsize=8)
def _analyse(places: Places, text: str) -> tuple[list[Span], list[Span]]:
    return places.analyse(text)


def _mention(label: Label, text: str, s: Span) -> Mention:
    return Mention(label, s.start, s.end, text[s.start:s.end], s.key, s.name, s.rule, s.confidence, dict(s.attrs))


@lru_cache(maxsize=1)
def get_places() -> Places:
    """The gazetteers of data/, loaded once per process; their words are scanned together
    with the firm and chain words (loaders.places.scan)."""
    places = Places.load(DATA_DIR)
    places.shared = True
    return places

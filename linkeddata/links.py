"""Curated links out: CSV files in which a publisher says which resource of another dataset one of ours is.

    key,name,post,country,iri
    person/teodor-vashkul,,,,http://www.wikidata.org/entity/Q4115189
    ,Teodor Vashkul,President,zz,http://www.wikidata.org/entity/Q4115189
    organization/nordic-fisheries-board,,,,http://www.wikidata.org/entity/Q7050687

A row names our resource by its key (`person/KEY` or `organization/KEY`, as in its URI `id/person/KEY`), or,
for a person, by the name with the post and the country the articles give (so that a row can be written
before the person's key is known). The build gives every resource a row names `owl:sameAs` the IRI, and VoID
lists the links as a linkset. A row that cannot be applied (an IRI that is not one, a GeoNames feature for a
person, a key of an unknown kind) is refused with its file and line; the other rows still apply.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from linkeddata.articles import Refusal
from linkeddata.facts import EntityKind

COLUMNS = ("key", "name", "post", "country", "iri")
LINKABLE = {"person": EntityKind.PERSON, "organization": EntityKind.ORGANIZATION}
# Characters RFC 3987 does not allow anywhere in an IRI.
_NOT_IN_IRI = re.compile(r"[\s<>\"{}|\\^`]")
_WIKIDATA_ENTITY = re.compile(r"^http://www\.wikidata\.org/entity/Q[1-9][0-9]*$")
# Hosts whose resources are of one kind only: a person or an organisation is no GeoNames feature.
_PLACES_ONLY = ("sws.geonames.org", "www.geonames.org", "geonames.org")


@dataclass(frozen=True)
class Link:
    """One row: our resource (by key, or by a person's name, post and country) is the same as `iri`."""

    source: str  # "links/people.csv:3"
    kind: EntityKind
    iri: str
    key: str | None = None
    name: str | None = None
    post: str | None = None
    country: str | None = None


class LinkError(ValueError):
    pass


def check_iri(iri: str, kind: EntityKind) -> None:
    """Raise `LinkError` unless `iri` is an absolute http(s) IRI that may name a resource of `kind`."""
    if not iri:
        raise LinkError("no IRI")
    if _NOT_IN_IRI.search(iri):
        raise LinkError(f"{iri!r} is not a well-formed IRI (it holds a space or one of <>\"{{}}|\\^`)")
    parts = urlsplit(iri)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LinkError(f"{iri!r} is not an absolute http(s) IRI")
    host = parts.hostname or ""
    if host.endswith("wikidata.org") and not _WIKIDATA_ENTITY.match(iri):
        raise LinkError(f"{iri!r} is not a Wikidata entity IRI (http://www.wikidata.org/entity/Q...): "
                        "link to the entity, not to a page about it")
    if host in _PLACES_ONLY:
        raise LinkError(f"{iri!r} is a GeoNames feature, which no {kind.value} is")


def _row_link(source: str, row: dict[str, str]) -> Link:
    values = {column: " ".join((row.get(column) or "").split()) for column in COLUMNS}
    key, iri = values["key"], values["iri"]
    if key:
        kind_name, _, local = key.partition("/")
        if kind_name not in LINKABLE or not local:
            raise LinkError(f"key {key!r} is not one of ours: write person/KEY or organization/KEY")
        check_iri(iri, LINKABLE[kind_name])
        return Link(source, LINKABLE[kind_name], iri, key=local)
    if not values["name"]:
        raise LinkError("neither a key nor a name")
    if not values["post"] and not values["country"]:
        raise LinkError(f"the name {values['name']!r} alone could be anyone: give the post or the country too")
    check_iri(iri, EntityKind.PERSON)
    return Link(source, EntityKind.PERSON, iri, name=values["name"], post=values["post"] or None,
                country=values["country"].lower() or None)


def link_files(paths: Iterable[Path]) -> list[Path]:
    """The CSV files of `paths` (files or folders), in name order."""
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(path.glob("*.csv")) if path.is_dir() else [path])
    return found


def read_links(paths: Iterable[Path]) -> tuple[list[Link], list[Refusal]]:
    """Every applicable row of the links files, and a refusal for each file or row that is not."""
    links: list[Link] = []
    refused: list[Refusal] = []
    for path in link_files(paths):
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle)
                missing = {"iri"} - set(reader.fieldnames or [])
                if missing:
                    refused.append(Refusal(str(path), f"no column {', '.join(sorted(missing))} "
                                                      f"(the columns are {', '.join(COLUMNS)})"))
                    continue
                for row in reader:
                    source = f"{path}:{reader.line_num}"
                    try:
                        links.append(_row_link(source, row))
                    except LinkError as error:
                        refused.append(Refusal(source, str(error)))
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            refused.append(Refusal(str(path), f"cannot be read as a links file: {error}"))
    return links, refused


def links_digest(paths: Iterable[Path]) -> str:
    """A hash of the links files: graphs built with other links are not reused."""
    digest = hashlib.sha256()
    for path in link_files(paths):
        digest.update(str(path.name).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()

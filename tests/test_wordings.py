"""The wording table: every row of `tests/data/wordings/*.toml` is one case run through the real Extractor.

A file holds optional `[defaults]` (`published`, `title`) and `[[row]]` tables:

    [[row]]
    id = "met-with-title-after-name"       # unique in its file; the case id is "FILE:ID"
    text = "Foreign Minister Arvid Kessel of Norway met with ..."
    published = "2025-03-04"               # optional, else the file's default, else 2025-03-04
    title = "..."                          # optional title line
    events = [{type = "Meeting", participants = ["Arvid Kessel", "Lena Brandt"], status = "occurred",
               date = "2025-03-04", place = "Oslo"}]
    only = ["Meeting"]                     # optional: compare only these event types
    xfail = "why it is not handled yet"    # optional: a known gap, kept visible (strict)

`events = []` says the text states no event. Every extracted event (of the compared types) must be expected and
every expected event extracted: type, the set of participant names (the fullest name the text gives, or the
country or organisation name where no person is named), and, where the row gives them, status, date, place,
visitors, destination, inviters and invitees. Names are invented; countries are real.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from linkeddata.articles import Article
from linkeddata.facts import ArticleFacts, Event, Ref

WORDINGS = Path(__file__).resolve().parent / "data" / "wordings"
DEFAULT_PUBLISHED = "2025-03-04"
ROW_KEYS = {"id", "text", "published", "title", "events", "only", "xfail", "url"}
EVENT_KEYS = {"type", "participants", "status", "date", "place", "visitors", "destination", "inviters", "invitees"}


def _rows() -> list[pytest.param]:
    params = []
    for path in sorted(WORDINGS.glob("*.toml")):
        with path.open("rb") as handle:
            try:
                table = tomllib.load(handle)
            except tomllib.TOMLDecodeError as error:
                raise ValueError(f"{path}: {error}") from error
        defaults = table.get("defaults", {})
        seen: set[str] = set()
        for n, row in enumerate(table.get("row", []), start=1):
            where = f"{path.name} row {n}"
            unknown = set(row) - ROW_KEYS
            if unknown or "id" not in row or "text" not in row or "events" not in row:
                raise ValueError(f"{where}: needs id, text and events; unknown keys {sorted(unknown)}")
            if row["id"] in seen:
                raise ValueError(f"{where}: id {row['id']!r} used twice")
            seen.add(row["id"])
            for event in row["events"]:
                if set(event) - EVENT_KEYS or "type" not in event:
                    raise ValueError(f"{where}: an event needs a type; unknown keys {sorted(set(event) - EVENT_KEYS)}")
            merged = {**defaults, **row}
            marks = [pytest.mark.xfail(reason=row["xfail"], strict=True)] if "xfail" in row else []
            params.append(pytest.param(merged, id=f"{path.stem}:{row['id']}", marks=marks))
    return params


@pytest.fixture(scope="session")
def wording_extractor():
    from linkeddata.extract.extractor import Extractor

    return Extractor()


def _names(facts: ArticleFacts, refs: list[Ref]) -> set[str]:
    return {facts.entity(r).name for r in refs}


def _describe(facts: ArticleFacts, event: Event) -> dict:
    def name(ref: Ref | None) -> str | None:
        return facts.entity(ref).name if ref is not None else None

    return {"type": event.type.value, "participants": _names(facts, event.participants),
            "status": event.status.value.lower(), "date": event.date.isoformat() if event.date else None,
            "place": name(event.place), "destination": name(event.destination),
            "visitors": _names(facts, event.visitors), "inviters": _names(facts, event.inviters),
            "invitees": _names(facts, event.invitees)}


def _fits(expected: dict, found: dict) -> bool:
    for key, value in expected.items():
        if key in ("participants", "visitors", "inviters", "invitees"):
            if set(value) != found[key]:
                return False
        elif found[key] != value:
            return False
    return True


@pytest.mark.parametrize("row", _rows())
def test_wording(wording_extractor, row: dict) -> None:
    article = Article(id=row["id"], source=f"{row['id']}.md", text=row["text"].strip() + "\n",
                      published=dt.date.fromisoformat(row.get("published", DEFAULT_PUBLISHED)),
                      title=row.get("title"), url=row.get("url"))
    facts = wording_extractor.extract(article)
    only = set(row.get("only", []))
    found = [_describe(facts, e) for e in facts.events if not only or e.type.value in only]
    expected = list(row["events"])
    unmatched = list(found)
    missing = []
    for want in expected:
        hit = next((f for f in unmatched if _fits(want, f)), None)
        if hit is None:
            missing.append(want)
        else:
            unmatched.remove(hit)
    assert not missing and not unmatched, f"missing {missing}\nextra {unmatched}\nall found {found}"

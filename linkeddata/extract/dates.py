"""Dates: read a date expression found by the NER ("on June 15", "last summer", "in 2025", "today") and
resolve it against the publication date, keeping only the precision the text gives.

dateparser fills in today's month and day for "in 2025", so year and month expressions are read here
first and dateparser only sees what remains.
"""

from __future__ import annotations

import datetime as dt
import re

import dateparser

from linkeddata.facts import FuzzyDate

MONTHS = {name: number for number, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
MONTHS.update({name[:3]: number for name, number in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {name: number for number, name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
SEASONS = {"spring", "summer", "autumn", "fall", "winter"}

_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr" \
         r"|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
_YEAR = r"((?:19|20)\d\d)"
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*[-–]\s*\d{{1,2}})?(?:,?\s+{_YEAR})?")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?")
_MONTH_YEAR = re.compile(rf"\b{_MONTH}(?:\s+of)?,?\s+{_YEAR}\b")
_MONTH_ONLY = re.compile(rf"\b{_MONTH}\b")
_YEAR_ONLY = re.compile(rf"\b{_YEAR}\b")
# Spans of time that are no date of an event ("over the past 50 years", "since 2022").
_NOT_A_DATE = re.compile(r"\b(since|past|over the|for the|years?\s+(old|ago)|decades?|centur|anniversary|"
                         r"annual|every|each|daily|weekly|\d+\s+(years|months|weeks|days))\b")


def _shift_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _infer_year(month: int, day: int | None, published: dt.date, future: bool | None) -> int:
    """The year of a date given without one: the publication year, or next/last year when the tense says so."""
    year = published.year
    candidate = (month, day or 1)
    now = (published.month, published.day)
    if future is True and candidate < now and (published.month - month) % 12 > 2:
        return year + 1
    if future is False and candidate > now and (month - published.month) % 12 > 2:
        return year - 1
    return year


def _weekday(name: str, published: dt.date, future: bool | None) -> dt.date:
    target = WEEKDAYS[name]
    if future:
        return published + dt.timedelta(days=(target - published.weekday()) % 7)
    return published - dt.timedelta(days=(published.weekday() - target) % 7)


def resolve_date(expression: str, published: dt.date, future: bool | None = None) -> FuzzyDate | None:
    """The date an expression denotes, resolved against `published`; None when it names no date.

    `future` says whether the clause speaks of something to come (True), past (False) or unknown (None).
    """
    text = " ".join(expression.lower().replace("’", "'").split())
    if not text or _NOT_A_DATE.search(text):
        return None
    if re.search(r"\b(today|this (morning|afternoon|evening)|tonight|now)\b", text):
        return FuzzyDate(published.year, published.month, published.day)
    if "yesterday" in text:
        day = published - dt.timedelta(days=1)
        return FuzzyDate(day.year, day.month, day.day)
    if "tomorrow" in text:
        day = published + dt.timedelta(days=1)
        return FuzzyDate(day.year, day.month, day.day)
    found = re.search(r"\bweek of\s+" + _MONTH + r"\s+(\d{1,2})", text)
    if found:
        month = MONTHS[found[1]]
        return FuzzyDate(_infer_year(month, int(found[2]), published, future), month)
    found = _MONTH_DAY.search(text)
    if found:
        month, day = MONTHS[found[1]], int(found[2])
        year = int(found[3]) if found[3] else _infer_year(month, day, published, future)
        return _checked(year, month, day)
    found = _DAY_MONTH.search(text)
    if found:
        day, month = int(found[1]), MONTHS[found[2]]
        year = int(found[3]) if found[3] else _infer_year(month, day, published, future)
        return _checked(year, month, day)
    found = _MONTH_YEAR.search(text)
    if found:
        return FuzzyDate(int(found[2]), MONTHS[found[1]])
    for weekday in WEEKDAYS:
        if re.search(rf"\b{weekday}\b", text):
            day = _weekday(weekday, published, future if "next" not in text else True)
            if "last" in text:
                day = _weekday(weekday, published - dt.timedelta(days=1), False)
            return FuzzyDate(day.year, day.month, day.day)
    relative = _relative_period(text, published)
    if relative is not None:
        return relative
    found = _YEAR_ONLY.search(text)
    if found:
        return FuzzyDate(int(found[1]))
    found = _MONTH_ONLY.search(text)
    if found and expression.strip() != "may":  # the month is capitalised; the lowercase word is the verb
        month = MONTHS[found[1]]
        return FuzzyDate(_infer_year(month, None, published, future), month)
    return _with_dateparser(text, published)


def _relative_period(text: str, published: dt.date) -> FuzzyDate | None:
    if re.search(r"\b(this|that) week\b|\bweek\b.*\b(current|this)\b", text):
        return FuzzyDate(published.year, published.month)
    if re.search(r"\bnext week\b|\bcoming week\b", text):
        day = published + dt.timedelta(days=7)
        return FuzzyDate(day.year, day.month)
    if re.search(r"\blast week\b|\bprevious week\b", text):
        day = published - dt.timedelta(days=7)
        return FuzzyDate(day.year, day.month)
    if re.search(r"\b(this|current|later this|earlier this) month\b", text):
        return FuzzyDate(published.year, published.month)
    if re.search(r"\bnext month\b", text):
        return FuzzyDate(*_shift_months(published, 1))
    if re.search(r"\blast month\b|\bprevious month\b", text):
        return FuzzyDate(*_shift_months(published, -1))
    if re.search(r"\b(this|current|later this|earlier this) year\b|\bcoming (months|weeks)\b", text):
        return FuzzyDate(published.year)
    if re.search(r"\bnext year\b", text):
        return FuzzyDate(published.year + 1)
    if re.search(r"\blast year\b|\bprevious year\b", text):
        return FuzzyDate(published.year - 1)
    for season in SEASONS:
        if re.search(rf"\b{season}\b", text):
            if "last" in text or "previous" in text:
                return FuzzyDate(published.year - 1)
            if "next" in text:
                return FuzzyDate(published.year + 1)
            return FuzzyDate(published.year)
    return None


def _checked(year: int, month: int, day: int) -> FuzzyDate | None:
    try:
        dt.date(year, month, day)
    except ValueError:
        return FuzzyDate(year, month)
    return FuzzyDate(year, month, day)


def _with_dateparser(text: str, published: dt.date) -> FuzzyDate | None:
    # Only full dates are trusted from dateparser: for anything vaguer it makes up the missing parts.
    if not re.search(r"\d", text):
        return None
    settings = {"RELATIVE_BASE": dt.datetime.combine(published, dt.time()), "STRICT_PARSING": True,
                "REQUIRE_PARTS": ["day", "month", "year"]}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    return FuzzyDate(parsed.year, parsed.month, parsed.day)


def published_date(published: dt.date) -> FuzzyDate:
    return FuzzyDate(published.year, published.month, published.day)

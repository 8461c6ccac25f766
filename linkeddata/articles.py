"""Read articles: plain text with a date header and a dateline, Markdown with YAML front matter, JSON Lines.

A file that cannot be read is refused with a `Refusal` that names it and says why; reading never
raises for bad input, so one broken file never stops the others.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

MAX_ARTICLE_BYTES = 2_000_000
MIN_BODY_CHARACTERS = 20
MAX_ID_CHARACTERS = 240  # a graph file is named ID.ttl, and file names stop at 255 bytes
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".jsonl", ".json")

_DATE_HEADER = re.compile(r"\A\s*date:?\s+(\S+)\s*", re.IGNORECASE)
_ISO_DATE = re.compile(r"\A(\d{4})-(\d{2})-(\d{2})\Z")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# LibYAML's safe loader where PyYAML was built with it: the same documents, read ten times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Article:
    """One article as read: `text` is the body that every text span points into."""

    id: str
    source: str  # file name, with ":LINE" for JSON Lines
    text: str
    published: dt.date
    title: str | None = None
    url: str | None = None
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def checksum(self) -> str:
        digest = hashlib.sha256()
        for part in (self.id, self.published.isoformat(), self.title or "", self.url or "", self.text):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        if self.licence:  # only when given, so that the checksums of articles without one stay as they were
            digest.update(f"licence\0{self.licence}\0".encode())
        return digest.hexdigest()

    @property
    def licence(self) -> str | None:
        """The licence the article's source gives it (`license` or `licence` in its front matter or record)."""
        found = (self.fields.get("license") or self.fields.get("licence") or "").strip()
        return found or None


@dataclass(frozen=True)
class Refusal:
    """A file, or a line of one, that was not read, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class ArticleError(ValueError):
    """Raised inside this module; turned into a `Refusal` at its boundary."""


def article_id_from_name(name: str) -> str:
    """The stem of the file name, restricted to characters that are safe in a URI path segment."""
    stem = name.rsplit("/", 1)[-1]
    for suffix in ARTICLE_SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    stem = unicodedata.normalize("NFKC", stem)
    safe = _ID_UNSAFE.sub("-", stem).strip("-.")
    if not safe:
        raise ArticleError("the file name gives no usable article id")
    return safe[:MAX_ID_CHARACTERS]


def parse_date(value: object, what: str = "date") -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ArticleError(f"the {what} is not a text date: {value!r}")
    text = value.strip().strip("'\"")
    found = _ISO_DATE.match(text[:10]) if len(text) >= 10 else None
    if not found or (len(text) > 10 and text[10] not in "T "):
        raise ArticleError(f"the {what} {text!r} is not in the form YYYY-MM-DD")
    try:
        return dt.date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError as error:
        raise ArticleError(f"the {what} {text!r} is not a real date ({error})") from None


# Unicode's Cc category (C0, DEL, C1) but for the line and page breaks and tabs of ordinary text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _decode(data: bytes) -> str:
    if not data.strip():
        raise ArticleError("the file is empty")
    if b"\0" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError("the file is binary, not text")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ArticleError(f"the file starts with a UTF-16 byte order mark but is not UTF-16 ({error})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleError(
            f"the file is not UTF-8 (byte {error.start} is 0x{data[error.start]:02x}); convert it to UTF-8"
        ) from None
    if len(_CONTROL.findall(text, 0, 4096)) > 8:
        raise ArticleError("the file holds control characters, not article text")
    return text


def _clean_body(text: str) -> str:
    # Windows line endings and stray carriage returns are normalised so that offsets are stable
    # across platforms; nothing else is changed, so the text is the file's own.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip("\n").rstrip()


def _check_body(text: str) -> str:
    body = _clean_body(text)
    if len(body.strip()) < MIN_BODY_CHARACTERS:
        raise ArticleError("the article has no body text")
    if not re.search(r"[^\W\d_]{2,}", body):
        raise ArticleError("the body holds no words: not an article")
    return body


def _string_field(meta: dict, key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, (list, dict)):
        raise ArticleError(f"the front matter field {key!r} holds a {type(value).__name__}, not a text")
    return str(value).strip() or None


def _read_markdown(name: str, text: str) -> Article:
    found = _FRONT_MATTER.match(text)
    if not found:
        raise ArticleError("the Markdown file has no YAML front matter (--- ... ---)")
    try:
        meta = yaml.load(found[1], Loader=_YAML_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise ArticleError(f"the YAML front matter is broken{where}: {getattr(error, 'problem', error)}") from None
    if not isinstance(meta, dict):
        raise ArticleError("the YAML front matter is not a mapping of fields")
    if "date" not in meta:
        raise ArticleError("the front matter has no date")
    published = parse_date(meta["date"])
    body = _check_body(text[found.end():])
    return Article(
        id=article_id_from_name(name),
        source=name,
        text=body,
        published=published,
        title=_string_field(meta, "title"),
        url=_string_field(meta, "source_url") or _string_field(meta, "url"),
        fields={k: str(v) for k, v in meta.items() if isinstance(v, (str, int, float, dt.date))},
    )


def _read_plain(name: str, text: str) -> Article:
    found = _DATE_HEADER.match(text)
    if not found:
        raise ArticleError("no 'date YYYY-MM-DD' header at the start of the text")
    published = parse_date(found[1])
    return Article(id=article_id_from_name(name), source=name, text=_check_body(text[found.end():]),
                   published=published)


def _read_json_record(name: str, line_number: int, record: object) -> Article:
    if not isinstance(record, dict):
        raise ArticleError("the line is not a JSON object")
    missing = [key for key in ("id", "date", "text") if not record.get(key)]
    if missing:
        raise ArticleError(f"the record lacks {', '.join(missing)}")
    text = record["text"]
    if not isinstance(text, str):
        raise ArticleError("the record's text is not a string")
    title = record.get("title")
    url = record.get("url")
    return Article(
        id=article_id_from_name(str(record["id"])),
        source=f"{name}:{line_number}",
        text=_check_body(text),
        published=parse_date(record["date"]),
        title=str(title).strip() if isinstance(title, str) and title.strip() else None,
        url=str(url).strip() if isinstance(url, str) and url.strip() else None,
        fields={k: str(v) for k, v in record.items() if k in ("license", "licence") and isinstance(v, str)},
    )


def _read_json_lines(name: str, text: str) -> Iterator[Article | Refusal]:
    seen_any = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        seen_any = True
        where = f"{name}:{number}"
        try:
            yield _read_json_record(name, number, json.loads(line))
        except json.JSONDecodeError as error:
            yield Refusal(where, f"the line is not valid JSON ({error.msg} at column {error.colno})")
        except ArticleError as error:
            yield Refusal(where, str(error))
    if not seen_any:
        yield Refusal(name, "the file is empty")


def read_file(path: Path, *, display_name: str | None = None) -> Iterator[Article | Refusal]:
    """The articles in one file, or the refusals that say why they could not be read."""
    name = display_name or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES and path.suffix.lower() not in (".jsonl", ".json"):
            yield Refusal(name, f"the file is too large ({size:,} bytes; the limit is {MAX_ARTICLE_BYTES:,})")
            return
        text = _decode(path.read_bytes())
        if path.suffix.lower() in (".jsonl", ".json") or text.lstrip().startswith("{"):
            yield from _read_json_lines(name, text)
        elif text.lstrip("\ufeff").startswith("---"):
            yield _read_markdown(name, text)
        else:
            yield _read_plain(name, text)
    except ArticleError as error:
        yield Refusal(name, str(error))
    except OSError as error:
        yield Refusal(name, f"the file cannot be read ({error.strerror or error})")


def find_article_files(inputs: Iterable[Path]) -> Iterator[Path | Refusal]:
    """Article files under the given files and folders, in a stable order; unknown names are refused."""
    for item in inputs:
        if item.is_dir():
            for path in sorted(p for p in item.rglob("*") if p.is_file() and not p.name.startswith(".")):
                if path.suffix.lower() in ARTICLE_SUFFIXES:
                    yield path
                else:
                    yield Refusal(str(path), f"not an article file (the suffix {path.suffix or '(none)'!r} is not "
                                             f"one of {', '.join(ARTICLE_SUFFIXES)})")
        elif item.is_file():
            yield item
        else:
            yield Refusal(str(item), "no such file or folder")


def read_articles(inputs: Iterable[Path]) -> Iterator[Article | Refusal]:
    """Every article under `inputs`, in a stable order.

    Of two articles with one id, or with the same text under two names, the second is refused, so
    that no URI is claimed twice and no fact is published twice.
    """
    ids: dict[str, str] = {}
    texts: dict[str, str] = {}
    for found in find_article_files(inputs):
        if isinstance(found, Refusal):
            yield found
            continue
        for item in read_file(found):
            if isinstance(item, Article):
                text_digest = hashlib.sha256(item.text.encode("utf-8")).hexdigest()
                if item.id in ids:
                    yield Refusal(item.source, f"the article id {item.id!r} is already taken by {ids[item.id]}")
                    continue
                if text_digest in texts:
                    yield Refusal(item.source, f"the same text as {texts[text_digest]} (a duplicate)")
                    continue
                ids[item.id] = item.source
                texts[text_digest] = item.source
            yield item

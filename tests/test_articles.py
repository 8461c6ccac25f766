"""Reading articles: the three formats, and a clear refusal for every kind of bad file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from linkeddata.articles import MAX_ARTICLE_BYTES, Article, Refusal, read_articles, read_file

BODY = "Foreign ministers of two countries met in the capital today and discussed trade and energy."


def read_one(path: Path) -> Article | Refusal:
    items = list(read_file(path))
    assert len(items) == 1, items
    return items[0]


def test_plain_text_with_date_header_and_dateline(project_root: Path) -> None:
    article = read_one(project_root / "seeds" / "000_6eace4120258b034.txt")
    assert isinstance(article, Article)
    assert article.id == "000_6eace4120258b034"
    assert article.published == dt.date(2025, 2, 3)
    assert article.text.startswith("BISHKEK, Kyrgyzstan, February 3.")


def test_markdown_with_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "2024-01-02-talks.md"
    path.write_text(f"---\ndate: '2024-01-02'\ntitle: \"Talks\"\nsource_url: https://example.org/a\n---\n\n{BODY}\n")
    article = read_one(path)
    assert isinstance(article, Article)
    assert (article.id, article.published, article.title, article.url) == (
        "2024-01-02-talks", dt.date(2024, 1, 2), "Talks", "https://example.org/a")
    assert article.text == BODY


def test_json_lines_with_one_broken_line_among_good_ones(tmp_path: Path) -> None:
    good = {"id": "a1", "date": "2024-03-04", "title": "T", "text": BODY, "url": "https://example.org/1"}
    lines = [json.dumps(good), "{not json", json.dumps({**good, "id": "a2"})]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    items = list(read_file(path))
    assert [type(i).__name__ for i in items] == ["Article", "Refusal", "Article"]
    refusal = items[1]
    assert isinstance(refusal, Refusal)
    assert refusal.source.endswith("feed.jsonl:2") and "not valid JSON" in refusal.reason


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("nodate.txt", BODY.encode(), "no 'date YYYY-MM-DD' header"),
        ("impossible.txt", f"date 2025-02-30 {BODY}".encode(), "not a real date"),
        ("wordy-date.md", f"---\ndate: 3 February 2025\n---\n{BODY}".encode(), "not in the form YYYY-MM-DD"),
        ("slashed.txt", f"date 2025/02/03 {BODY}".encode(), "not in the form YYYY-MM-DD"),
        ("nobody.md", b"---\ndate: '2025-02-03'\ntitle: x\n---\n", "no body"),
        ("binary.txt", bytes(range(256)) * 20, "binary"),
        ("latin1.txt", f"date 2025-02-03 {BODY} Erdo\xf0an".encode("latin-1"), "not UTF-8"),
        ("broken-yaml.md", f"---\ndate: '2025-02-03'\ntitle: [unclosed\n---\n{BODY}".encode(), "YAML"),
        ("list-title.md", f"---\ndate: '2025-02-03'\ntitle:\n  - a\n  - b\n---\n{BODY}".encode(), "holds a list"),
        ("no-front-date.md", f"---\ntitle: x\n---\n{BODY}".encode(), "no date"),
    ],
)
def test_bad_files_are_refused_with_the_file_and_the_reason(tmp_path: Path, name: str, content: bytes,
                                                            reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    refusal = read_one(path)
    assert isinstance(refusal, Refusal)
    assert refusal.source == str(path)
    assert reason in refusal.reason
    assert name in str(refusal)


def test_too_large_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("date 2025-02-03 " + BODY * (MAX_ARTICLE_BYTES // len(BODY) + 10))
    refusal = read_one(path)
    assert isinstance(refusal, Refusal) and "too large" in refusal.reason


@pytest.mark.parametrize(("encoding", "prefix"), [("utf-8-sig", b""), ("utf-16", b"")])
def test_byte_order_marks_and_utf16_are_read(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(prefix + f"date 2025-02-03 {BODY} Erdoğan, 石破茂".encode(encoding))
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.text.endswith("Erdoğan, 石破茂")


def test_windows_line_endings_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(f"---\r\ndate: '2025-02-03'\r\n---\r\n{BODY}\r\nSecond line.\r\n".encode())
    article = read_one(path)
    assert isinstance(article, Article)
    assert "\r" not in article.text and article.text.endswith("\nSecond line.")


def test_the_same_article_twice_under_two_names_is_refused_once(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(f"date 2025-02-03 {BODY}")
    items = list(read_articles([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Article", "Refusal"]
    assert "duplicate" in items[1].reason and "a.txt" in items[1].reason


def test_unknown_files_and_missing_paths_are_refused(tmp_path: Path) -> None:
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")
    items = list(read_articles([tmp_path, tmp_path / "missing.txt"]))
    reasons = [str(i) for i in items]
    assert any("picture.png" in r and "not an article file" in r for r in reasons)
    assert any("missing.txt" in r and "no such file" in r for r in reasons)


def test_ids_are_safe_in_a_uri(tmp_path: Path) -> None:
    path = tmp_path / "weird name <script>&\"quote\".txt"
    path.write_text(f"date 2025-02-03 {BODY}")
    article = read_one(path)
    assert isinstance(article, Article)
    assert all(c.isalnum() or c in "._-" for c in article.id)

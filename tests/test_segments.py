"""Dumps in segments: cuts chosen by the content before whole subjects, one gzip member that every reader
takes, Turtle equal to that of the whole file, and a rebuild that copies the segments it had before."""

from __future__ import annotations

import gzip
import itertools
import shutil
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest

from linkeddata import output, segments
from linkeddata.vocab import prefixes

DUMPS = ("dataset.nq", "dataset.nt", "dataset.ttl")
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _quads(subjects: range, changed: int | None = None) -> list[str]:
    """Sorted N-Quads lines: three triples a subject, one of them in two graphs; `changed` gets a new label."""
    lines = set()
    for n in subjects:
        subject, graph = f"<http://example.org/id/thing/{n}>", f"<http://example.org/graph/g{n % 7}>"
        label = "renamed" if n == changed else f"Thing {n} \u00e9t\u00e9 \\\"quoted\\\""
        lines.add(f'{subject} {LABEL} "{label}"@fr {graph} .\n')
        lines.add(f"{subject} {TYPE} <https://schema.org/Person> {graph} .\n")
        lines.add(f"{subject} {TYPE} <https://schema.org/Person> <http://example.org/graph/shared> .\n")
        lines.add(f"{subject} <https://schema.org/knows> <http://example.org/id/thing/{(n * 31) % 997}> {graph} .\n")
    return sorted(lines)


def _write(folder: Path, lines: list[str], earlier: segments.Earlier | None = None) -> dict[str, segments.Written]:
    folder.mkdir()
    nq, nt, ttl = (folder / name for name in DUMPS)
    written = output.write_dumps(nq, nt, lines)
    turtle_cuts = segments.write_turtle(nt, written.triple_cuts, ttl, earlier)
    return {nq.name: segments.write_gzip(nq, written.quad_cuts, earlier),
            nt.name: segments.write_gzip(nt, written.triple_cuts, earlier),
            ttl.name: segments.write_gzip(ttl, turtle_cuts, earlier)}


def _earlier(folder: Path, dumps: dict[str, segments.Written]) -> segments.Earlier:
    return segments.Earlier(folder, {name: written.to_json() for name, written in dumps.items()})


@pytest.fixture(autouse=True)
def small_segments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segments, "CUT_BITS", 3)  # about 8 subjects a segment, so that small data has many


def test_each_gzip_copy_is_one_member_that_readers_take(tmp_path: Path) -> None:
    dumps = _write(tmp_path / "out", _quads(range(400)))
    for name, written in dumps.items():
        plain, packed = (tmp_path / "out" / name).read_bytes(), (tmp_path / "out" / f"{name}.gz").read_bytes()
        assert len(written.segments) > 20
        reader = zlib.decompressobj(wbits=31)  # one gzip member, and nothing after it
        assert reader.decompress(packed) == plain and reader.eof and reader.unused_data == b""
        assert gzip.decompress(packed) == plain
        if shutil.which("gzip"):
            assert subprocess.run(["gzip", "-dc"], input=packed, capture_output=True, check=True).stdout == plain
        assert (written.size, sum(s.size for s in written.segments)) == (len(plain), len(plain))


def test_cuts_fall_before_whole_subjects_chosen_by_their_content(tmp_path: Path) -> None:
    out = tmp_path / "out"
    dumps = _write(out, _quads(range(400)))
    for name in ("dataset.nq", "dataset.nt"):
        lines = (out / name).read_bytes().splitlines(keepends=True)
        starts = itertools.accumulate((len(line) for line in lines[:-1]), initial=0)
        line_at = {start: n for n, start in enumerate(starts)}
        cuts = list(itertools.accumulate(segment.size for segment in dumps[name].segments))[:-1]
        for cut in cuts:
            n = line_at[cut]  # a KeyError: a cut inside a line
            subject, before = (lines[k].split(b" ", 1)[0].decode() for k in (n, n - 1))
            assert subject != before and segments.starts_segment(subject), (name, cut)
    # The two files are cut before the same subjects.
    assert len(dumps["dataset.nq"].segments) == len(dumps["dataset.nt"].segments)


def test_the_turtle_of_the_segments_is_that_of_the_whole_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _write(out, _quads(range(400)))
    whole = pyoxigraph.serialize(pyoxigraph.parse(path=str(out / "dataset.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES),
                                 None, pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes())
    assert (out / "dataset.ttl").read_bytes() == whole


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    calls: list[int] = []
    original: Callable[[bytes], bytes] = getattr(segments, name)

    def counted(data: bytes) -> bytes:
        calls.append(len(data))
        return original(data)

    monkeypatch.setattr(segments, name, counted)
    return calls


def test_a_rebuild_encodes_only_the_segments_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _write(tmp_path / "first", _quads(range(400)))
    changed = _quads(range(401), changed=123)  # one subject relabelled, one added
    deflated, turtled = _counting(monkeypatch, "_deflated"), _counting(monkeypatch, "_turtle")
    again = _write(tmp_path / "again", changed, _earlier(tmp_path / "first", first))
    assert 0 < len(deflated) <= 3 * 3 and 0 < len(turtled) <= 3 + 1  # a segment or two a file; one probe
    assert sum(len(written.segments) for written in again.values()) > 60
    whole = _write(tmp_path / "whole", changed)
    for name in DUMPS:
        for suffix in ("", ".gz"):
            assert (tmp_path / "again" / f"{name}{suffix}").read_bytes() == \
                   (tmp_path / "whole" / f"{name}{suffix}").read_bytes(), name + suffix
        assert again[name] == whole[name]


@pytest.mark.parametrize("damaged", ["dataset.nt.gz", "dataset.ttl"])
def test_a_damaged_earlier_file_is_not_copied_from(tmp_path: Path, damaged: str) -> None:
    first = _write(tmp_path / "first", _quads(range(400)))
    path = tmp_path / "first" / damaged
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    changed = _quads(range(400), changed=5)
    _write(tmp_path / "again", changed, _earlier(tmp_path / "first", first))
    _write(tmp_path / "whole", changed)
    for name in DUMPS:
        for suffix in ("", ".gz"):
            assert (tmp_path / "again" / f"{name}{suffix}").read_bytes() == \
                   (tmp_path / "whole" / f"{name}{suffix}").read_bytes(), name + suffix


def test_an_empty_dataset_gives_empty_dumps(tmp_path: Path) -> None:
    dumps = _write(tmp_path / "out", [])
    for name, written in dumps.items():
        assert (tmp_path / "out" / name).read_bytes() == b"" and written.segments == []
        assert gzip.decompress((tmp_path / "out" / f"{name}.gz").read_bytes()) == b""

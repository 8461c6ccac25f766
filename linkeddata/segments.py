"""The dumps in segments, so that a rebuild after a small change encodes again only the segments that changed.

Where the cuts fall: the sorted N-Quads and N-Triples dumps are cut before the first line of each subject
whose CRC-32 ends in CUT_BITS zero bits. The content alone decides, so a whole build and a patched one cut
the same data at the same places (their files stay byte-identical), and a change moves no cut but its own.
A segment holds about 2**CUT_BITS subjects, at any size of dataset.

What is recorded of each segment, in the manifest: a digest of its bytes, its size, and the size of its
deflated bytes. With that, a rebuild copies from the earlier build
- the Turtle of each N-Triples segment it had before: pyoxigraph writes the Turtle of a run of whole
  subjects alike alone and within the whole file, after the one prefix header;
- the deflated bytes of each segment it had before, for the dump's `.gz`. Each segment is deflated alone
  and ended by a sync flush, so that the pieces join into one deflate stream in a single gzip member:
  what every reader takes (browsers read only the first member of a multi-member file).
Files are read a segment at a time, never whole.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import struct
import sys
import zlib
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph

from linkeddata.vocab import prefixes

CUT_BITS = 8  # with 7, the .gz copies grow by 2 to 7% on the corpus, with 8 by 1 to 3.5%, with 9 by 0.5 to 2%
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, no time, unknown OS
DEFLATE_END = b"\x03\x00"  # an empty final block
LEVEL = 6


def starts_segment(subject: str) -> bool:
    """Whether a segment begins at the first line of `subject` (a term as N-Triples writes it)."""
    return zlib.crc32(subject.encode()) & ((1 << CUT_BITS) - 1) == 0


@dataclass(frozen=True)
class Segment:
    digest: str  # SHA-256 of its bytes, the first 128 bits in hex
    size: int
    packed: int  # bytes of its deflate stream in the .gz


@dataclass(frozen=True)
class Written:
    """A dump written in segments, and its gzip copy."""

    sha256: str
    size: int
    gzip_sha256: str
    segments: list[Segment]

    def to_json(self) -> dict[str, object]:
        return {"sha256": self.sha256, "size": self.size, "gzip_sha256": self.gzip_sha256,
                "segments": [[s.digest, s.size, s.packed] for s in self.segments]}

    @classmethod
    def from_json(cls, data: dict) -> Written:
        return cls(data["sha256"], data["size"], data["gzip_sha256"], [Segment(*item) for item in data["segments"]])


class Earlier:
    """The segments an earlier build recorded, and its files to copy them from, where those are intact."""

    def __init__(self, folder: Path, recorded: dict[str, dict]) -> None:
        self.folder = folder
        self.dumps: dict[str, Written] = {}
        for name, data in recorded.items():
            try:
                self.dumps[name] = Written.from_json(data)
            except (KeyError, TypeError):
                continue

    def packed(self, name: str) -> dict[str, tuple[int, int]]:
        """Digest of a segment of `name` -> (offset, length) of its deflate stream in the earlier `name`.gz."""
        written = self.dumps.get(name)
        if written is None or not _holds(self.folder / f"{name}.gz", written.gzip_sha256):
            return {}
        found, offset = {}, len(GZIP_HEADER)
        for segment in written.segments:
            found.setdefault(segment.digest, (offset, segment.packed))
            offset += segment.packed
        return found

    def turtle(self, nt_name: str, ttl_name: str) -> dict[str, tuple[int, int]]:
        """Digest of a segment of the N-Triples `nt_name` -> (offset, length) of its Turtle in `ttl_name`."""
        triples, turtle = self.dumps.get(nt_name), self.dumps.get(ttl_name)
        if triples is None or turtle is None or len(turtle.segments) != len(triples.segments) + 1 \
                or not _holds(self.folder / ttl_name, turtle.sha256):
            return {}
        found, offset = {}, turtle.segments[0].size  # the prefix header comes first
        for triple_segment, turtle_segment in zip(triples.segments, turtle.segments[1:], strict=True):
            found.setdefault(triple_segment.digest, (offset, turtle_segment.size))
            offset += turtle_segment.size
        return found


def _holds(path: Path, sha256: str) -> bool:
    """Whether `path` is still what the earlier build wrote; says so on stderr when it is not."""
    try:
        with path.open("rb") as stream:
            intact = hashlib.file_digest(stream, "sha256").hexdigest() == sha256
    except OSError as error:
        print(f"{path} is not reused: {error}", file=sys.stderr)
        return False
    if not intact:
        print(f"{path} is not reused: it is not what the build that wrote it recorded", file=sys.stderr)
    return intact


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def _pieces(path: Path, cuts: Sequence[int]) -> Iterator[bytes]:
    """The bytes of `path` between the cuts, in order, one segment at a time."""
    size = path.stat().st_size
    bounds = [0, *(cut for cut in cuts if 0 < cut < size), size]
    with path.open("rb") as stream:
        for start, end in itertools.pairwise(bounds):
            if end > start:
                yield stream.read(end - start)


def _deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush(zlib.Z_SYNC_FLUSH)


def _copy(stream: IO[bytes], at: tuple[int, int]) -> bytes:
    stream.seek(at[0])
    return stream.read(at[1])


def write_gzip(path: Path, cuts: Sequence[int], earlier: Earlier | None = None) -> Written:
    """`path`.gz, one gzip member deflated segment by segment, copying the deflated segments of `earlier`."""
    reusable = earlier.packed(path.name) if earlier else {}
    whole, packed_whole = hashlib.sha256(), hashlib.sha256()
    crc = size = 0
    segments: list[Segment] = []
    with ExitStack() as files:
        target = files.enter_context(path.with_name(f"{path.name}.gz").open("wb"))
        source = files.enter_context((earlier.folder / f"{path.name}.gz").open("rb")) if reusable else None

        def out(data: bytes) -> None:
            target.write(data)
            packed_whole.update(data)

        out(GZIP_HEADER)
        for piece in _pieces(path, cuts):
            whole.update(piece)
            crc = zlib.crc32(piece, crc)
            size += len(piece)
            digest = _digest(piece)
            at = reusable.get(digest)
            packed = _copy(source, at) if source is not None and at is not None else _deflated(piece)
            out(packed)
            segments.append(Segment(digest, len(piece), len(packed)))
        out(DEFLATE_END + struct.pack("<II", crc, size & 0xFFFFFFFF))
    return Written(whole.hexdigest(), size, packed_whole.hexdigest(), segments)


@functools.cache
def _turtle_header() -> bytes:
    """The prefix lines pyoxigraph writes before the first triple."""
    probe = "<urn:x:probe>"
    text = _turtle(f"{probe} {probe} {probe} .\n".encode())
    return text[: text.index(probe.encode())]


def _turtle(ntriples: bytes) -> bytes:
    triples = pyoxigraph.parse(ntriples, pyoxigraph.RdfFormat.N_TRIPLES)
    return pyoxigraph.serialize(triples, None, pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes())


def write_turtle(nt: Path, cuts: Sequence[int], target: Path, earlier: Earlier | None = None) -> list[int]:
    """The Turtle of the sorted N-Triples file `nt`, cut like it into segments of whole subjects, each written
    alone or copied from `earlier`; returns where the Turtle's segments begin (the first holds the prefixes)."""
    reusable = earlier.turtle(nt.name, target.name) if earlier else {}
    header = _turtle_header()
    turtle_cuts: list[int] = []
    with ExitStack() as files:
        out = files.enter_context(target.open("wb"))
        source = files.enter_context((earlier.folder / target.name).open("rb")) if reusable else None
        position = 0
        for piece in _pieces(nt, cuts):
            if position == 0:
                out.write(header)
                position = len(header)
            at = reusable.get(_digest(piece))
            if source is not None and at is not None:
                text = _copy(source, at)
            else:
                text = _turtle(piece)
                if not text.startswith(header):
                    raise ValueError(f"{nt}: pyoxigraph's Turtle does not begin with the expected prefixes")
                text = text[len(header):]
            turtle_cuts.append(position)
            out.write(text)
            position += len(text)
    return turtle_cuts

"""A build with hostile data in it, the hostile requests to send it, and what every answer must respect.

Imported by test_hostile_requests.py, test_load_and_faults.py and test_browser_hostile.py (not a
conftest). The build is the handmade one of `tests.live_pages` (an article whose text holds markup)
with a few extra resources whose IRIs and labels attack the pages: an encoded CR LF in an IRI, labels
that try to close an attribute or a tag, and links to `javascript:` IRIs. A file beside the build
holds a secret that no request may ever reach.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import socket
import time
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from linkeddata.store import build_store
from linkeddata.vocab import OWL
from tests.live_pages import BASE, build_fixture
from tests.servers import RDF_TYPE, RDFS_LABEL, SCHEMA

OWL_SAME_AS = str(OWL.sameAs)

# Each payload sets window.__pwned (or opens a dialog) if a browser ever runs it.
SCRIPT_LABEL = "</title></a><script>window.__pwned = 'label'</script>"
ATTRIBUTE_LABEL = '" onmouseover="window.__pwned = \'attribute\'" x="'
IMAGE_LABEL = "'><img src=x onerror=\"window.__pwned = 'image'\">"
CRLF_PERSON = "id/person/x%0D%0ASet-Cookie:%20pwned=1"  # a valid IRI path: the CR LF is percent-encoded
QUOTE_PERSON = "id/person/o'neil"
ATTRIBUTE_PERSON = "id/person/attribute"
JAVASCRIPT_IRIS = ("javascript:window.__pwned='link'", "javascript:alert(document.domain)")
HOSTILE_PATHS = {  # what a browser or a client asks for: identifier paths of the hostile resources
    "crlf": "/" + CRLF_PERSON,
    "quote": "/" + QUOTE_PERSON,
    "attribute": "/" + ATTRIBUTE_PERSON,
}


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def hostile_quads() -> list[str]:
    graph = f"<{BASE}graph/hostile-extra>"
    crlf, quote, attribute = (f"<{BASE}{path}>" for path in (CRLF_PERSON, QUOTE_PERSON, ATTRIBUTE_PERSON))
    person = f"<{SCHEMA}Person>"
    facts = [
        (crlf, f"<{RDF_TYPE}>", person), (crlf, f"<{RDFS_LABEL}>", _literal(ATTRIBUTE_LABEL)),
        (crlf, f"<{SCHEMA}url>", f"<{JAVASCRIPT_IRIS[0]}>"), (crlf, f"<{OWL_SAME_AS}>", f"<{JAVASCRIPT_IRIS[1]}>"),
        (quote, f"<{RDF_TYPE}>", person), (quote, f"<{RDFS_LABEL}>", _literal(SCRIPT_LABEL)),
        (quote, f"<{SCHEMA}knows>", crlf), (quote, f"<{SCHEMA}knows>", attribute),
        (attribute, f"<{RDF_TYPE}>", person), (attribute, f"<{RDFS_LABEL}>", _literal(IMAGE_LABEL)),
        (attribute, f"<{SCHEMA}description>", _literal(SCRIPT_LABEL + ATTRIBUTE_LABEL)),
        (attribute, f"<{SCHEMA}knows>", crlf),
    ]
    return [f"{s} {p} {o} {graph} ." for s, p, o in facts]


@dataclass(frozen=True)
class HostileBuild:
    folder: Path  # the build folder served
    secret: str  # held by a file beside the build folder, and by its manifest's neighbours
    markers: tuple[bytes, ...]  # bytes that only a file outside the published data holds


def make_hostile_build(root: Path) -> HostileBuild:
    """The handmade build plus the hostile resources (loaded into its store and its dataset.nq)."""
    folder = build_fixture(root)
    with (folder / "dataset.nq").open("a", encoding="utf-8") as quads:
        quads.write("\n".join(hostile_quads()) + "\n")
    build_store([folder / "dataset.nq"], folder / "store")
    secret = secrets.token_hex(16)
    (root / "secret.txt").write_text(f"secret {secret}\n", encoding="utf-8")
    (folder / "graphs" / "secret.txt").write_text(f"not listed {secret}\n", encoding="utf-8")
    manifest = (folder / "manifest.json").read_text(encoding="utf-8")
    fingerprint = re.search(r'"fingerprint": "([0-9a-f]+)"', manifest)
    assert fingerprint is not None
    options = next((folder / "store").glob("OPTIONS-*")).read_bytes()
    markers = (
        secret.encode(),
        fingerprint.group(1).encode(),  # manifest.json
        b"rocksdb_version",  # the store's OPTIONS file
        options[200:260],
        b"root:x:0:0",  # /etc/passwd
        b"def create_app(",  # the application's own source
    )
    return HostileBuild(folder, secret, markers)


# ------------------------------------------------------------------------------------ what answers must be

# Headers a response may carry; anything else would have been injected.
KNOWN_HEADERS = {
    "content-type", "content-length", "content-encoding", "content-location", "content-range", "location", "link",
    "vary", "etag", "last-modified", "cache-control", "accept-ranges", "allow", "date", "server", "connection",
    "x-content-type-options", "access-control-allow-origin", "access-control-expose-headers",
    "access-control-allow-methods", "access-control-allow-headers", "access-control-max-age", "x-result-limit",
    "x-result-count", "x-result-truncated", "retry-after", "transfer-encoding", "expires", "content-disposition",
    "keep-alive",
}
# 503 is the endpoint's answer to a query stopped at its time limit (issue 4), never a fault.
ALLOWED_5XX = {503}


def check_answer(status: int, headers: Iterable[tuple[str, str]], body: bytes, markers: Iterable[bytes],
                 what: str) -> None:
    """No server fault, no traceback, no file outside the published data, no injected header."""
    assert status < 500 or status in ALLOWED_5XX, f"{what}: {status} {body[:300]!r}"
    assert b"Traceback" not in body and b'File "/' not in body, f"{what}: a traceback in the answer"
    for marker in markers:
        assert marker not in body, f"{what}: the answer holds {marker!r}, from a file that is not published"
    for name, value in headers:
        assert "\r" not in value and "\n" not in value, f"{what}: {name}: {value!r}"
        assert name.lower() in KNOWN_HEADERS, f"{what}: unexpected header {name}: {value!r}"


# ------------------------------------------------------------------------------------ raw HTTP

@dataclass(frozen=True)
class RawAnswer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def raw_request(port: int, data: bytes, timeout: float = 30) -> RawAnswer:
    """Send bytes exactly as given (http.client refuses what a hostile client sends) and read the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(data)
        chunks = []
        while chunk := connection.recv(1 << 16):
            chunks.append(chunk)
    answer = b"".join(chunks)
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    match = re.match(rb"HTTP/1\.[01] (\d{3})", lines[0])
    assert match, f"not an HTTP answer: {answer[:200]!r}"
    headers = []
    for line in lines[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    return RawAnswer(int(match.group(1)), headers, body)


def raw_get(port: int, target: bytes | str, headers: Mapping[str, str] | None = None,
            method: bytes = b"GET") -> RawAnswer:
    target_bytes = target.encode("latin-1") if isinstance(target, str) else target
    lines = [method + b" " + target_bytes + b" HTTP/1.1", b"Host: 127.0.0.1", b"Connection: close"]
    lines += [f"{name}: {value}".encode("latin-1") for name, value in (headers or {}).items()]
    return raw_request(port, b"\r\n".join(lines) + b"\r\n\r\n")


def http_get(port: int, target: str, headers: Mapping[str, str] | None = None,
             timeout: float = 30) -> tuple[int, list[tuple[str, str]], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", target, headers=dict(headers or {}))
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def quote_path(text: str) -> str:
    return urllib.parse.quote(text, safe="/%")


# ------------------------------------------------------------------------------------ processes

def rss_bytes(pid: int) -> int:
    """Resident memory of a process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def parent_of(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def server_processes(port: int) -> tuple[int | None, list[int]]:
    """(gunicorn master, its workers) of the `linkeddata.serve.server` listening on `port`, found in /proc."""
    found: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        parent = parent_of(int(entry.name))
        if parent is None:
            continue
        if b"linkeddata.serve.server" in command and b"--port" in command \
                and command[command.index(b"--port") + 1] == str(port).encode():
            found[int(entry.name)] = parent
    masters = [pid for pid, parent in found.items() if parent not in found]
    master = masters[0] if len(masters) == 1 else None
    return master, sorted(pid for pid, parent in found.items() if parent == master)


def settled_workers(port: int, count: int, *, within: float = 30.0, other_than: Iterable[int] = ()) -> list[int]:
    """The workers of the server on `port` once there are `count` of them (a retired one is replaced),
    and, given `other_than`, once they are no longer exactly those."""
    deadline = time.monotonic() + within
    while True:
        _, workers = server_processes(port)
        if (len(workers) == count and set(workers) != set(other_than)) or time.monotonic() > deadline:
            return workers
        time.sleep(0.1)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return state != "Z"

"""The settings of the web application and the options of `linkeddata serve`, importable without Flask,
so that the command line is quick to start for the commands that serve nothing."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linkeddata.store.remote import FLAVOURS


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("DATA_DIR", None, "A build folder (dataset.nq, manifest.json, store/...) to publish."),
    Setting("STORE_DIR", None, "The pyoxigraph store to query; by default DATA_DIR/store."),
    Setting("STORE_URL", None, "A remote SPARQL 1.1 store to read instead of the embedded one (credentials from "
                               "LINKEDDATA_STORE_TOKEN, _USER/_PASSWORD or _CONFIG)."),
    Setting("STORE_FLAVOUR", "oxigraph", "Where the remote store keeps its endpoints (see linkeddata.store.remote)."),
    Setting("BASE_URI", None, "Base of the published IRIs; by default manifest.json's base_uri, else none."),
    Setting("QUERY_TIMEOUT", 10.0, "Seconds a SPARQL query may run before it is stopped (503)."),
    Setting("RESULT_LIMIT", 10_000, "Most solutions (or triples) a query returns; a capped answer says so."),
    Setting("MAX_REQUEST_BYTES", 1_000_000, "Largest request body, and largest query string, accepted (413/414)."),
    Setting("QUERY_PROCESSES", 1, "Query processes per web worker (more only for threaded servers)."),
    Setting("QUERY_IN_PROCESS", False, "Evaluate queries in the web worker, which asks to be replaced when one "
                                      "runs past the limit: for servers that replace such a worker, as "
                                      "`linkeddata serve` does. Otherwise each query runs in a query process."),
)
DEFAULTS: dict[str, Any] = {s.name: s.default for s in SETTINGS}


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", nargs="+", type=Path, metavar="DIR|FILE",
                        help="a build folder, or N-Quads/TriG/Turtle/N-Triples files to serve "
                             "(default: the pipeline's build/ folder, built from seeds/ if missing)")
    parser.add_argument("--store", metavar="DIR|URL",
                        help="a folder: where to keep the embedded query store of --data (default: DATA/store, or "
                             "a folder under ~/.cache for loose files); an http(s) URL: serve from that SPARQL 1.1 "
                             "store instead (credentials from LINKEDDATA_STORE_TOKEN, LINKEDDATA_STORE_USER/PASSWORD "
                             "or LINKEDDATA_STORE_CONFIG); --data then only names the build whose files are offered")
    parser.add_argument("--store-flavour", default="oxigraph", choices=sorted(FLAVOURS),
                        help="where a remote --store keeps its endpoints (default: %(default)s)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=default_workers(),
                        help="worker processes, each answering one query at a time (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=DEFAULTS["QUERY_TIMEOUT"],
                        help="seconds a SPARQL query may run before it is stopped (default: %(default)s)")
    parser.add_argument("--result-limit", type=int, default=DEFAULTS["RESULT_LIMIT"],
                        help="most rows or triples in an answer (default: %(default)s)")
    parser.add_argument("--max-request-bytes", type=int, default=DEFAULTS["MAX_REQUEST_BYTES"],
                        help="largest request accepted (default: %(default)s)")
    parser.add_argument("--base-uri", help="base of the published IRIs (default: the build's manifest.json)")
    parser.add_argument("--access-log", action="store_true", help="log every request to stderr")

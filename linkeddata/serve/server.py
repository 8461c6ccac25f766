"""`linkeddata serve`: the Flask application behind gunicorn, a production WSGI server.

Workers are gunicorn's synchronous ones: a worker busy with a query takes no other request, so the
others get it, and `--workers N` runs N queries at a time. Each worker evaluates queries itself
(`linkeddata.store.in_process`); one that gives up on a query at the time limit leaves after its 503,
and gunicorn forks a fresh one.
Behind a public address, put a buffering reverse proxy in front, as for any synchronous worker.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

from linkeddata.iris import VOCABULARY_IDENTIFIERS, VOCABULARY_SPACE
from linkeddata.serve.settings import configure_parser
from linkeddata.store import (
    STORE_INFO,
    EmbeddedBackend,
    QueryTimeout,
    RemoteBackend,
    StoreUnavailable,
    cache_dir_for,
    ensure_store,
    open_read_only,
)
from linkeddata.store.remote import is_store_url
from linkeddata.web import create_app, search
from linkeddata.web.state import published_for

log = logging.getLogger(__name__)

def _build_default() -> Path:
    """The pipeline's default build folder, built from seeds/ first if it holds no dataset yet."""
    from linkeddata.pipeline import DEFAULT_OUTPUT, build_command_default  # the pipeline loads only when needed

    if (DEFAULT_OUTPUT / "dataset.nq").is_file():
        return DEFAULT_OUTPUT
    return Path(build_command_default())


def app_config(args: argparse.Namespace) -> dict[str, Any]:
    """The settings of `create_app` for these arguments, building the query store if it is missing."""
    config: dict[str, Any] = {
        "QUERY_TIMEOUT": args.timeout,
        "QUERY_IN_PROCESS": True,  # gunicorn replaces a worker that gives up on a query (see _retire)
        "RESULT_LIMIT": args.result_limit,
        "MAX_REQUEST_BYTES": args.max_request_bytes,
        "BASE_URI": args.base_uri,
    }
    if args.store and is_store_url(args.store):
        # Nothing is loaded here: the remote store is the data; a build folder only adds its files.
        config["STORE_URL"], config["STORE_FLAVOUR"] = args.store, args.store_flavour
        folders = [Path(p) for p in args.data or []]
        if len(folders) > 1 or any(not (f / "manifest.json").is_file() for f in folders):
            raise SystemExit("with --store URL, --data names one build folder (for its downloads), or nothing")
        config["DATA_DIR"] = folders[0] if folders else None
        return config
    store = Path(args.store) if args.store else None
    data = [Path(p) for p in args.data] if args.data else [_build_default()]
    if len(data) == 1 and data[0].is_dir():
        folder = data[0]
        if (folder / STORE_INFO).is_file():  # a store itself
            config["STORE_DIR"] = folder
        elif (folder / "dataset.nq").is_file():
            config["DATA_DIR"] = folder
            config["STORE_DIR"] = _load([folder / "dataset.nq"], store or folder / "store",
                                        graphs=vocabulary_graphs(folder))
        else:
            raise SystemExit(f"{folder}: neither a build folder (no dataset.nq) nor a query store")
        return config
    missing = [str(p) for p in data if not p.is_file()]
    if missing:
        raise SystemExit(f"no such data file: {', '.join(missing)}")
    config["STORE_DIR"] = _load(data, store or cache_dir_for(data), base_iri=args.base_uri)
    return config


def vocabulary_graphs(folder: Path) -> list[tuple[str, Path]]:
    """The build's ontology and shapes, each with the IRI of the named graph that holds it in the store."""
    return [(VOCABULARY_SPACE + name, folder / f"{name}.ttl") for name in VOCABULARY_IDENTIFIERS
            if (folder / f"{name}.ttl").is_file()]


def _load(sources: list[Path], store_dir: Path, *, base_iri: str | None = None,
          graphs: list[tuple[str, Path]] | None = None) -> Path:
    try:
        return ensure_store(sources, store_dir, base_iri=base_iri, graphs=graphs or ())
    except SyntaxError as error:
        raise SystemExit(f"cannot serve {error.filename}: {error.msg}") from None


def dataset_problem(config: dict[str, Any]) -> str | None:
    """What is wrong with the dataset `config` names, found by opening what the workers will open.

    Run once before gunicorn forks: a broken build stops the server with one line naming the file and
    the fault, rather than a traceback in every worker (after which gunicorn gives up anyway), or a
    server that answers 500 on every page.
    """
    try:
        app = create_app(config)
        site = app.extensions["linkeddata"]
        if site.store_dir is not None:
            try:
                next(iter(open_read_only(site.store_dir).quads_for_pattern(None, None, None)), None)
            except (OSError, RuntimeError) as error:  # RocksDB reports corruption as a RuntimeError
                return (f"{site.store_dir}: the query store cannot be opened ({error}); delete the folder to "
                        "rebuild it from the dataset")
        if isinstance(site.queries, RemoteBackend):
            problem = _union_problem(site.queries, str(config.get("STORE_FLAVOUR") or "oxigraph"))
            if problem:
                return problem
        published_for(app)  # parses the ontology, the shapes and void.ttl
    except SyntaxError as error:
        return f"{error.filename}: {error.msg}"
    except (OSError, ValueError) as error:  # the files say which (see _read_manifest, StoreInfo.read)
        return str(error)
    return None


def _union_problem(backend: RemoteBackend, flavour: str) -> str | None:
    """Why a remote store cannot be served as it is (its default graph is not the union of its named
    graphs, so every query without GRAPH would answer nothing), with how to start it; else None."""
    from linkeddata.store.remote import FLAVOURS

    try:
        if backend.default_graph_is_union():
            return None
    except (StoreUnavailable, QueryTimeout) as unavailable:  # down for now: served anyway, pages say 503
        log.warning("could not check the triple store at %s: %s", backend.where, unavailable or "no answer in time")
        return None
    how = FLAVOURS[flavour].union_default_graph if flavour in FLAVOURS else "make it the union of the named graphs"
    return (f"the triple store at {backend.where} does not make its default graph the union of its named graphs: "
            f"every query without GRAPH would find nothing of the articles. For {flavour}: {how} (see docs/stores.md, "
            "'Servers').")


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, config: dict[str, Any], options: dict[str, Any]) -> None:
        self.app_config = config
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return create_app(self.app_config)


def _post_worker_init(worker: Any) -> None:
    site = worker.wsgi.extensions["linkeddata"]
    if isinstance(site.queries, EmbeddedBackend):
        site.queries.when_abandoned(lambda: _retire(worker))
    site.start()  # the store opens before the first request, not during it
    search.warm_up(worker.wsgi)


def _retire(worker: Any) -> None:
    # The sync worker sends the 503 it is writing, then leaves its loop; the arbiter forks a fresh worker.
    worker.alive = False


def _worker_exit(server: Any, worker: Any) -> None:
    app = getattr(worker, "wsgi", None)
    if app is None:
        return
    site = app.extensions["linkeddata"]
    site.close()
    if isinstance(site.queries, EmbeddedBackend) and site.queries.abandoned:
        # The abandoned query's thread can be neither stopped nor joined: leave without waiting for it.
        os._exit(0)


def run(args: argparse.Namespace) -> int:
    config = app_config(args)
    problem = dataset_problem(config)
    if problem:
        raise SystemExit(f"cannot serve: {problem}")
    host = f"[{args.host}]" if ":" in args.host else args.host
    options = {
        "bind": f"{host}:{args.port}",
        "workers": args.workers,
        "worker_class": "sync",
        # gunicorn's own watchdog is only the last resort: queries are stopped at --timeout.
        "timeout": int(args.timeout) + 30,
        "graceful_timeout": 5,
        "limit_request_line": 8190,  # gunicorn's maximum: GET queries can be long
        "accesslog": "-" if args.access_log else None,
        "errorlog": "-",
        "post_worker_init": _post_worker_init,
        "worker_exit": _worker_exit,
        "proc_name": "linkeddata-serve",
        "control_socket_disable": True,  # several servers may run side by side (tests, benchmarks)
    }
    print(f"Serving SPARQL on http://{host}:{args.port}/sparql", file=sys.stderr, flush=True)
    _Gunicorn(config, options).run()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="linkeddata serve", description="Serve the dataset over SPARQL.")
    configure_parser(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())

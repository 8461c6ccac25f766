"""The store behind the endpoint and the pages: pyoxigraph on disk, or a remote SPARQL 1.1 store.

- `loading`: bulk loading into an embedded store, the union default graph, patching the store of an
  earlier build, read-only opening;
- `refusal`: what is refused before evaluation (updates, LOAD, SERVICE);
- `queries` and `results`: one query's answer in the negotiated format, capped;
- `processes`: query processes that are killed at the time limit;
- `in_process`: queries evaluated in the web worker, abandoned at the time limit (the worker is replaced);
- `backends`: the one interface the web layer reads through, embedded or remote.
"""

from linkeddata.store.backends import (
    EmbeddedBackend,
    QueryBackend,
    RemoteBackend,
    StoreUnavailable,
    Term,
    TermPattern,
    matching,
)
from linkeddata.store.loading import (
    STORE_INFO,
    StaleStore,
    StoreInfo,
    build_store,
    cache_dir_for,
    ensure_store,
    is_current,
    open_read_only,
    patch_store,
    source_format,
)
from linkeddata.store.processes import QueryCrashed, QueryPool, QueryProcessFailed, QueryTimeout
from linkeddata.store.queries import Outcome, QueryForm, QueryReply, QueryRequest, run_query
from linkeddata.store.refusal import refusal
from linkeddata.store.results import write_csv, write_json, write_tsv, write_xml

__all__ = [
    "STORE_INFO",
    "EmbeddedBackend",
    "Outcome",
    "QueryBackend",
    "QueryCrashed",
    "QueryForm",
    "QueryPool",
    "QueryProcessFailed",
    "QueryReply",
    "QueryRequest",
    "QueryTimeout",
    "RemoteBackend",
    "StaleStore",
    "StoreInfo",
    "StoreUnavailable",
    "Term",
    "TermPattern",
    "build_store",
    "cache_dir_for",
    "ensure_store",
    "is_current",
    "matching",
    "open_read_only",
    "patch_store",
    "refusal",
    "run_query",
    "source_format",
    "write_csv",
    "write_json",
    "write_tsv",
    "write_xml",
]

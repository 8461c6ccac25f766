"""Publishing into an existing triple store: a real Oxigraph server, the Graph Store Protocol, no leaks."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from linkeddata.iris import VOCABULARY_SPACE
from linkeddata.pipeline import Builder
from linkeddata.store.remote import RemoteStore, StoreError, credentials_from_environment, redact
from tests.conftest import PROJECT_ROOT
from tests.servers import free_port, oxigraph_server

ARTICLES = PROJECT_ROOT / "tests" / "data" / "articles" / "pipeline"
BASE = "http://127.0.0.1:8080/"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RemoteStore]:
    with oxigraph_server(tmp_path / "oxigraph") as url:
        yield RemoteStore.at(url, "oxigraph")


def remote_triples(store: RemoteStore, graph: str) -> Graph:
    return Graph().parse(data=store.get_graph(graph), format="nt")


def test_build_publishes_every_article_graph_and_withdraws_removed_ones(store: RemoteStore, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(ARTICLES, articles)
    out = tmp_path / "out"
    first = Builder(out, progress=False, store=store).build([articles])
    assert first.ok and first.store is not None
    graphs = {f"{BASE}graph/{path.stem}" for path in ARTICLES.iterdir()}
    assert store.graphs(f"{BASE}graph/") == graphs
    # The class tree and the shapes beside them, in graphs of their own, as in the embedded store.
    assert store.graphs(VOCABULARY_SPACE) == {VOCABULARY_SPACE + "ontology", VOCABULARY_SPACE + "shapes"}
    for path in ARTICLES.iterdir():
        local = Graph().parse(out / "graphs" / f"{path.stem}.ttl", format="turtle")
        assert len(remote_triples(store, f"{BASE}graph/{path.stem}")) == len(local)

    changed = articles / "2025-04-02-phone-call.md"
    changed.write_text(changed.read_text().replace("in June", "in July"))
    (articles / "2025-05-20-football.md").unlink()
    second = Builder(out, progress=False, store=store).build([articles])
    assert second.store is not None
    assert second.store.replaced == [f"{BASE}graph/2025-04-02-phone-call"]
    assert second.store.withdrawn == [f"{BASE}graph/2025-05-20-football"]
    assert "1 graph(s) replaced, 1 unchanged, 1 withdrawn" in second.summary()
    assert store.graphs(f"{BASE}graph/") == graphs - {f"{BASE}graph/2025-05-20-football"}
    union = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(union[0]["n"]) > 0  # the union default graph sees the article graphs


def test_a_store_that_fails_keeps_the_previous_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    Builder(out, progress=False).build([ARTICLES])
    before = (out / "manifest.json").read_bytes()
    unreachable = RemoteStore.at(f"http://127.0.0.1:{free_port()}", "oxigraph")
    (tmp_path / "more").mkdir()
    shutil.copy(ARTICLES / "2025-04-02-phone-call.md", tmp_path / "more" / "2025-04-03-another-call.md")
    with pytest.raises(StoreError):
        Builder(out, progress=False, store=unreachable).build([ARTICLES, tmp_path / "more"])
    assert (out / "manifest.json").read_bytes() == before


def test_credentials_come_from_the_environment_and_never_show(tmp_path: Path) -> None:
    assert credentials_from_environment({"LINKEDDATA_STORE_TOKEN": "s3cret"}) == "Bearer s3cret"
    basic = credentials_from_environment({"LINKEDDATA_STORE_USER": "ann", "LINKEDDATA_STORE_PASSWORD": "pw"})
    assert basic == "Basic YW5uOnB3"
    config = tmp_path / "store.json"
    config.write_text('{"user": "bob", "password": "hunter2"}')
    assert credentials_from_environment({"LINKEDDATA_STORE_CONFIG": str(config)}) == "Basic Ym9iOmh1bnRlcjI="
    assert credentials_from_environment({}) is None
    store = RemoteStore.at(f"http://user:hunter2@127.0.0.1:{free_port()}", authorization="Bearer s3cret")
    assert "hunter2" not in redact(store.query_url) and "s3cret" not in repr(store)
    with pytest.raises(StoreError) as failure:
        store.put_graph("http://example.org/g", b"")
    assert "hunter2" not in str(failure.value) and "s3cret" not in str(failure.value)


def test_the_command_line_reads_credentials_from_the_environment_not_arguments(store: RemoteStore,
                                                                               tmp_path: Path) -> None:
    url = store.query_url.rsplit("/", 1)[0]
    result = subprocess.run(
        ["python3", "-m", "linkeddata.cli", "build", str(ARTICLES), "--out", str(tmp_path / "out"), "--quiet",
         "--store", url, "--store-flavour", "oxigraph"],
        capture_output=True, text=True, cwd=PROJECT_ROOT,
        env={"PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(tmp_path), "LINKEDDATA_STORE_TOKEN": "tok3n",
             **_python_env()},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 graph(s) replaced" in result.stdout
    assert "tok3n" not in result.stdout + result.stderr


def _python_env() -> dict[str, str]:
    import os

    return {key: value for key, value in os.environ.items() if key.startswith(("PYTHON", "PYENV", "VIRTUAL_ENV"))
            } | {"PATH": os.environ["PATH"]}

"""The layers of the README's stage table, kept by reading every module's imports (nothing is run): extraction
knows articles, facts, the topic scheme and the name folding only (data and a function both extraction and mapping
read, depending on nothing of ours), the web layer no extraction and no NLP, even through another module, and no
modules import each other in a cycle. Imports for type checking only are no dependency at run time."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "linkeddata"
MODULES = {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): p
           for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path) -> set[str]:
    """What a module imports, at its top or in a function: `from a import b` is `a.b` where that is a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    typing_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and "TYPE_CHECKING" in ast.unparse(block.test) for node in ast.walk(block)}
    found = set()
    for node in (n for n in ast.walk(tree) if id(n) not in typing_only):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module
                      for a in node.names}
    return found


IMPORTS = {module: _imports(path) for module, path in MODULES.items()}
EDGES = {module: sorted(found & MODULES.keys() - {module}) for module, found in IMPORTS.items()}


def _within(module: str, *packages: str) -> bool:
    return any(module == package or module.startswith(package + ".") for package in packages)


def _reached(start: Iterable[str]) -> set[str]:
    reached, pending = set(), list(start)
    while pending:
        module = pending.pop()
        if module not in reached:
            reached.add(module)
            pending.extend(EDGES[module])
    return reached


def test_extraction_reads_only_articles_and_facts() -> None:
    crossing = {(module, i) for module, found in IMPORTS.items() if _within(module, "linkeddata.extract")
                for i in found if _within(i, "linkeddata")
                and not _within(i, "linkeddata.extract", "linkeddata.articles", "linkeddata.facts",
                                "linkeddata.topic_scheme", "linkeddata.folding")}
    assert not crossing


def test_the_topic_scheme_depends_on_no_stage() -> None:
    assert set(EDGES["linkeddata.topic_scheme"]) <= {"linkeddata.folding"}
    assert not set(EDGES["linkeddata.folding"])


def test_the_web_layer_knows_no_extraction_and_no_nlp() -> None:
    reached = _reached(module for module in MODULES if _within(module, "linkeddata.web"))
    assert not {module for module in reached if _within(module, "linkeddata.extract")}
    assert not {(module, i) for module in reached for i in IMPORTS[module] if _within(i, "spacy")}


def test_no_import_cycles() -> None:
    cycles = {module for module in MODULES if module in _reached(EDGES[module])}
    assert not cycles, f"each of these imports itself through others: {sorted(cycles)}"

"""Validate an article's graph against the shapes with pyshacl, the ontology as the ontology graph.

A graph that does not conform is never published; its report names the article, the focus node,
the shape, the message and the text span the fact came from.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.plugins.sparql import processor as sparql_processor
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.sparql import Query

from linkeddata import package_data
from linkeddata.mapping import superclasses_of
from linkeddata.vocab import DIP, NIF

UNION = "the union of the article graphs"


def load_turtle_folder(folder: Path) -> Graph:
    graph = Graph()
    for path in sorted(folder.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@dataclass(frozen=True)
class Violation:
    article: str
    focus: str
    shape: str
    path: str | None
    message: str
    severity: str
    value: str | None
    evidence: tuple[str, ...]

    def __str__(self) -> str:
        where = f" (path {self.path})" if self.path else ""
        value = f", value {self.value}" if self.value else ""
        quoted = "".join(f"\n      evidence: {text!r}" for text in self.evidence)
        return (f"{self.article}: {self.severity} on {self.focus}{where}{value}\n"
                f"      shape {self.shape}: {self.message}{quoted}")


@dataclass
class ValidationResult:
    article: str
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)


class Validator:
    """Holds the shapes and the ontology once; validates one article graph at a time."""

    def __init__(self, shapes_dir: Path | None = None, ontology_dir: Path | None = None) -> None:
        self.shapes_dir = shapes_dir or package_data.shapes_dir()
        self.ontology_dir = ontology_dir or package_data.ontology_dir()

    @cached_property
    def shapes(self) -> Graph:
        return load_turtle_folder(self.shapes_dir)

    @cached_property
    def ontology(self) -> Graph:
        return load_turtle_folder(self.ontology_dir)

    @cached_property
    def superclasses(self) -> dict[URIRef, frozenset[URIRef]]:
        return superclasses_of(self.ontology)

    def validate(self, article: str, graph: Graph, focus_nodes: list[URIRef] | None = None) -> ValidationResult:
        """Check `graph` (every target in it, or only `focus_nodes`) against the shapes."""
        with _sparql_constraints_parsed_once():
            _conforms, report, _text = shacl_validate(
                graph,
                shacl_graph=self.shapes,
                ont_graph=self.ontology,
                inference="none",
                advanced=True,
                allow_warnings=True,
                focus_nodes=focus_nodes,
            )
        violations, warnings = [], []
        for result in report.subjects(RDF.type, SH.ValidationResult):
            found = self._violation(article, graph, report, result)
            (warnings if found.severity == "Warning" else violations).append(found)
        violations.sort(key=lambda v: (v.focus, v.shape, v.message))
        warnings.sort(key=lambda v: (v.focus, v.shape, v.message))
        return ValidationResult(article, not violations, violations, warnings)

    def validate_union(self, union: Graph, focus_nodes: list[URIRef]) -> ValidationResult:
        """Check `focus_nodes` against the shapes as the union of the article graphs describes them: what no
        single article can break alone (two preferred labels of one topic, each from another article)."""
        if not focus_nodes:
            return ValidationResult(UNION, True)
        return self.validate(UNION, union, focus_nodes)

    def _violation(self, article: str, data: Graph, report: Graph, result) -> Violation:  # type: ignore[no-untyped-def]
        focus = report.value(result, SH.focusNode)
        shape = report.value(result, SH.sourceShape)
        path = report.value(result, SH.resultPath)
        severity = report.value(result, SH.resultSeverity)
        value = report.value(result, SH.value)
        message = report.value(result, SH.resultMessage)
        return Violation(
            article=article,
            focus=_show(focus),
            shape=self._shape_name(shape),
            path=_show(path) if path is not None else None,
            message=str(message) if message is not None else "constraint not met",
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            value=_show(value) if value is not None else None,
            # A span check reports the text as its focus and the span as its value: quote the span.
            evidence=tuple(evidence_of(data, value if _is_span(data, value) else focus)),
        )

    def _shape_name(self, shape) -> str:  # type: ignore[no-untyped-def]
        if isinstance(shape, URIRef):
            return str(shape)
        # A property shape is a blank node: name it by its node shape and path.
        for node_shape in self.shapes.subjects(SH.property, shape):
            path = self.shapes.value(shape, SH.path)
            return f"{node_shape} property {_show(path)}"
        return "anonymous shape"


def shared_description(graphs: Iterable[Graph]) -> tuple[Graph, list[URIRef]]:
    """What `Validator.validate_union` takes, from article graphs read one by one: the IRIs described by
    more than one graph, and their triples in all of them with the types of what those triples lead to."""
    seen_in: dict[URIRef, int] = {}
    union = Graph()
    for graph in graphs:
        for subject in set(graph.subjects()):
            if isinstance(subject, URIRef):
                seen_in[subject] = seen_in.get(subject, 0) + 1
        for triple in graph:
            union.add(triple)
    shared = sorted(subject for subject, count in seen_in.items() if count > 1)
    described = Graph()
    for subject in shared:
        for _, predicate, value in union.triples((subject, None, None)):
            described.add((subject, predicate, value))
            for kind in union.objects(value, RDF.type):
                described.add((value, RDF.type, kind))
    return described, shared


def _is_span(graph: Graph, node) -> bool:  # type: ignore[no-untyped-def]
    return node is not None and not isinstance(node, Literal) and (node, NIF.anchorOf, None) in graph


def _show(term) -> str:  # type: ignore[no-untyped-def]
    if isinstance(term, BNode):
        return "[blank node]"
    return str(term)


def evidence_of(graph: Graph, focus) -> list[str]:  # type: ignore[no-untyped-def]
    """The text spans a node came from: its own evidence, or that of the events that point to it."""
    if focus is None:
        return []
    spans = [focus] if (focus, NIF.anchorOf, None) in graph else list(graph.objects(focus, DIP.evidence))
    if not spans:
        for event in graph.subjects(None, focus):
            spans.extend(graph.objects(event, DIP.evidence))
    texts = []
    for span in spans:
        anchor = graph.value(span, NIF.anchorOf)
        begin = graph.value(span, NIF.beginIndex)
        end = graph.value(span, NIF.endIndex)
        label = graph.value(span, RDFS.label)
        if anchor is not None:
            texts.append(f"[{begin}:{end}] {anchor}")
        elif label is not None:
            texts.append(str(label))
    return sorted(set(texts))[:5]


@lru_cache(maxsize=512)
def _translated(text: str, base: str | None, namespaces: tuple[tuple[str, Any], ...]) -> Query:
    return sparql_processor.translateQuery(parseQuery(text), base, dict(namespaces))


@contextlib.contextmanager
def _sparql_constraints_parsed_once() -> Iterator[None]:
    """pyshacl hands rdflib the text of every SPARQL constraint on every run, and parsing it is
    two thirds of the time of validating an article; a translated query can be evaluated again."""
    original = sparql_processor.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs: Mapping[str, Any] | None = None,  # type: ignore[no-untyped-def]
              base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            strOrQuery = _translated(strOrQuery, base, tuple(sorted((initNs or {}).items())))
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    sparql_processor.SPARQLProcessor.query = query  # type: ignore[method-assign]
    try:
        yield
    finally:
        sparql_processor.SPARQLProcessor.query = original  # type: ignore[method-assign]

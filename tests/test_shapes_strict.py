"""Shapes that strict SHACL engines take (every prefix a SPARQL constraint uses is declared, Jena's `shacl`
reads the file and validates with it), and the build's check of what the articles break only together."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import SH

from linkeddata.articles import Article
from linkeddata.facts import ArticleFacts, EntityKind, Post, Ref
from linkeddata.iris import Minter
from linkeddata.mapping import map_article
from linkeddata.pipeline import Builder
from linkeddata.validate import Validator
from linkeddata.vocab import NIF, ORG
from tests import handmade, jena
from tests.live_pages import BASE, FACTS, HandmadeExtractor, write_articles

SHAPES = Path(__file__).resolve().parent.parent / "shapes" / "diplomacy-shapes.ttl"
PREFIXED_NAME = re.compile(r"(?<![\w<\"'?$:/#])([A-Za-z][\w-]*):[A-Za-z_]")


def _declared(shapes: Graph, constraint) -> set[str]:  # type: ignore[no-untyped-def]
    declared = set()
    for holder in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(holder, SH.declare):
            declared.add(str(shapes.value(declaration, SH.prefix)))
    return declared


def test_every_prefix_of_a_sparql_constraint_is_declared() -> None:
    shapes = Graph().parse(SHAPES)
    queries = [(constraint, str(text)) for predicate in (SH.select, SH.ask)
               for constraint, text in shapes.subject_objects(predicate)]
    assert queries, "the shapes have SPARQL constraints"
    seen: set[str] = set()
    for constraint, text in queries:
        used = set(PREFIXED_NAME.findall(re.sub(r"<[^>]*>|\"[^\"]*\"", "", text)))
        seen |= used
        missing = used - _declared(shapes, constraint)
        assert not missing, f"undeclared prefixes {sorted(missing)} in {text}"
    assert {"nif", "xsd"} <= seen  # the pattern finds prefixed names


def _article_graph(tmp_path: Path) -> Path:
    article = handmade.article()
    graph = map_article(Minter("https://data.example.org/"), article, handmade.facts(article),
                        Validator().superclasses)
    path = tmp_path / "article.ttl"
    graph.serialize(path, format="turtle")
    return path


def test_jena_shacl_accepts_the_shapes(tmp_path: Path) -> None:
    data = _article_graph(tmp_path)
    # Jena reads the shapes first (each SPARQL constraint parsed with the declared prefixes alone), then validates.
    valid = jena.run(tmp_path, "shacl.shacl", "validate", "--shapes", str(SHAPES), "--data", str(data))
    assert valid.returncode == 0 and "Unresolved prefixed name" not in valid.stdout + valid.stderr, \
        valid.stdout[-2000:] + valid.stderr[-2000:]
    assert "sh:conforms  true" in valid.stdout or "sh:conforms true" in valid.stdout, valid.stdout[-2000:]
    # A text whose end index is not its length: Jena runs the SPARQL constraint and reports it.
    broken = Graph().parse(data)
    for text, end in list(broken.subject_objects(NIF.endIndex)):
        if (text, NIF.isString, None) in broken:
            broken.set((text, NIF.endIndex, Literal(int(end) + 1, datatype=end.datatype)))
    broken.serialize(tmp_path / "broken.ttl", format="turtle")
    refused = jena.run(tmp_path, "shacl.shacl", "validate", "--shapes", str(SHAPES), "--data",
                       str(tmp_path / "broken.ttl"))
    assert "sh:conforms  false" in refused.stdout or "sh:conforms false" in refused.stdout, refused.stdout[-2000:]
    assert "The end index of the text is not its length." in refused.stdout


# A constraint that each article meets alone and their union may break: the build's own shapes keep such
# cases out upstream (one label per entity across articles), so the test adds one of its own.
ONE_POST = """
dsh:OnePostShape a sh:NodeShape ;
    sh:targetClass schema:Person ;
    sh:property [ sh:path org:holds ; sh:maxCount 1 ; sh:message "A person holds one post (this test's rule)." ] .
"""


class TwoPostsExtractor:
    """The hand-written facts of each article, one of its people given another post in the second article:
    each article says one post, their union two."""

    def extract(self, article: Article) -> ArticleFacts:
        facts = FACTS[article.id](article)
        if article.id == "visit-3":
            malta = Ref(EntityKind.COUNTRY, "mt")
            facts.persons[:] = [dataclasses.replace(person, posts=[Post("Foreign Minister", malta,
                                                                        "Foreign Minister of Malta")])
                                if person.key == "ana-ruiz" else person for person in facts.persons]
        return facts


def test_the_build_reports_what_only_the_union_breaks(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    (shapes / "diplomacy-shapes.ttl").write_text(SHAPES.read_text(encoding="utf-8") + ONE_POST, encoding="utf-8")
    validator = Validator(shapes_dir=shapes)
    articles = write_articles(tmp_path / "articles", ["handmade-1", "visit-3"])
    report = Builder(tmp_path / "out", BASE, progress=False, validator=validator,
                     extractor_factory=TwoPostsExtractor).build([articles])
    assert report.ok and not report.violations, report.summary()
    assert len(report.published) == 2  # each article conforms alone
    assert [v.path for v in report.union_violations] == [str(ORG.holds)], report.union_violations
    assert report.union_violations[0].focus.endswith("/id/person/ana-ruiz")
    written = (tmp_path / "out" / "report.txt").read_text(encoding="utf-8")
    assert "violations across articles 1" in written
    assert "violation across articles:" in written and "this test's rule" in written
    assert "across articles" in report.summary()
    # `linkeddata validate` finds the same in the build's graphs, and says so in its exit status.
    run = subprocess.run([sys.executable, "-m", "linkeddata.cli", "validate", str(tmp_path / "out"),
                          "--shapes", str(shapes)], capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode != 0, run.stdout
    assert "across the article graphs: 1 violation(s)" in run.stdout and "ana-ruiz" in run.stdout


def test_a_consistent_union_reports_nothing(tmp_path: Path) -> None:
    articles = write_articles(tmp_path / "articles", ["handmade-1", "visit-3"])
    report = Builder(tmp_path / "out", BASE, progress=False, extractor_factory=HandmadeExtractor).build([articles])
    assert report.ok and not report.union_violations, report.summary()
    assert "violations across articles 0" in (tmp_path / "out" / "report.txt").read_text(encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "linkeddata.cli", "validate", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0 and "across the article graphs: 0 violation(s)" in run.stdout, run.stdout

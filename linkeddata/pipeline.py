"""The one module that composes the stages: read -> extract -> resolve -> map -> validate -> write -> store.

A build writes into a new folder beside the target and swaps it in at the end, so a crash in the
middle leaves the previous dataset in place and serving. One article that fails at any stage is
refused with its reason; the others are still published.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

import pyoxigraph as ox
from rdflib import Graph, URIRef

from linkeddata import output, package_data, segments
from linkeddata.articles import Article, Refusal, read_articles
from linkeddata.describe import DatasetStatistics, Dump, check_catalogue, describe
from linkeddata.facts import ArticleFacts
from linkeddata.iris import DEFAULT_BASE_URI, VOCABULARY_SPACE, Minter
from linkeddata.mapping import map_article
from linkeddata.package_data import single_turtle
from linkeddata.store.remote import PublishReport, RemoteStore, publish
from linkeddata.thesaurus import Thesaurus
from linkeddata.validate import ValidationResult, Validator, Violation
from linkeddata.vocab import DIP, ORG, SCHEMA, SKOS
from linkeddata.workers import InOrder

T = TypeVar("T")

# Where `linkeddata build` and `serve` look when told nowhere: the folders of the directory they run in.
DEFAULT_INPUT = Path("seeds")
DEFAULT_OUTPUT = Path("build")
SUMMARY_CLASSES: dict[str, URIRef] = {
    "articles": SCHEMA.NewsArticle,
    "persons": SCHEMA.Person,
    "posts": ORG.Post,
    "countries": DIP.Country,
    "organisations": ORG.Organization,
    "places": SCHEMA.Place,
    "events": DIP.DiplomaticEvent,
    "topics": SKOS.Concept,
}
EVENT_CLASSES = (DIP.Meeting, DIP.PhoneCall, DIP.Visit, DIP.Summit, DIP.Invitation, DIP.AgreementSigning)


class Extracting(Protocol):
    def extract(self, article: Article) -> ArticleFacts: ...


def default_extractor() -> Extracting:
    from linkeddata.extract.extractor import Extractor  # spaCy loads only when something needs extracting

    return Extractor()


def _describe(error: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(error), error)).strip()


def _extract_guarded(extractor: Extracting, article: Article) -> ArticleFacts | str:
    """The facts, or what went wrong: an extraction error refuses its article and no other."""
    try:
        return extractor.extract(article)
    except Exception as error:  # one broken article must never stop the others
        print(f"{article.source}:\n{traceback.format_exc()}", file=sys.stderr)
        return f"internal error while extracting: {_describe(error)}"


@dataclass(frozen=True)
class ArticlePublisher:
    """Map, validate and write one resolved article: what runs beside extraction in each worker."""

    minter: Minter
    validator: Validator
    staging: Path

    def publish(self, article: Article, facts: ArticleFacts) -> Outcome:
        try:
            graph = map_article(self.minter, article, facts, self.validator.superclasses)
            result = self.validator.validate(article.source, graph)
            if not result.conforms:
                return result
            turtle = output.article_turtle(graph)
            item = PublishedArticle(article.id, article.source, article.checksum, str(self.minter.graph(article.id)),
                                    output.triple_lines(turtle), warnings=result.warnings)
            (self.staging / item.file).write_bytes(turtle)
            return item
        except Exception as error:  # one broken article must never stop the others
            print(f"{article.source}:\n{traceback.format_exc()}", file=sys.stderr)
            return f"internal error while building it: {_describe(error)}"


_worker_extractor: Extracting | None = None
_worker_publisher: ArticlePublisher | None = None


def _start_worker(factory: Callable[[], Extracting], publisher: ArticlePublisher) -> None:
    global _worker_extractor, _worker_publisher  # one extractor and one set of shapes per worker, loaded once
    _worker_extractor = factory()
    _worker_publisher = publisher


def _extract_in_worker(article: Article) -> ArticleFacts | str:
    assert _worker_extractor is not None, "the worker was not started with _start_worker"
    return _extract_guarded(_worker_extractor, article)


def _publish_in_worker(job: tuple[Article, ArticleFacts | str]) -> Outcome:
    assert _worker_publisher is not None, "the worker was not started with _start_worker"
    article, facts = job
    return facts if isinstance(facts, str) else _worker_publisher.publish(article, facts)


@dataclass
class PublishedArticle:
    article_id: str
    source: str
    checksum: str
    graph_iri: str
    triples: list[str] | None  # sorted N-Triples lines as pyoxigraph writes them; None: not read (reused)
    reused: bool = False
    warnings: list[Violation] = field(default_factory=list)

    @property
    def file(self) -> str:
        return f"graphs/{self.article_id}.ttl"

    def quads(self, folder: Path) -> list[str]:
        """Its sorted N-Quads lines, read from its file in `folder` if they were not kept."""
        triples = self.triples
        if triples is None:
            triples = output.triple_lines((folder / self.file).read_bytes())
        return output.quad_lines(triples, self.graph_iri)


# What becomes of one article: published, refused by the shapes (the report), or refused for an error (why).
Outcome = PublishedArticle | ValidationResult | str


@dataclass
class BuildReport:
    out: Path
    base_uri: str
    read: int = 0
    published: list[PublishedArticle] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)
    triples: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    reused: int = 0
    removed: int = 0
    store: PublishReport | None = None
    union_violations: list[Violation] = field(default_factory=list)  # what the articles break only together
    catalogue_violations: list[Violation] = field(default_factory=list)  # of void.ttl, against catalogue/

    @property
    def ok(self) -> bool:
        return not self.refused

    def summary(self) -> str:
        lines = [
            f"Built {self.out} under {self.base_uri}",
            f"  articles read {self.read}, published {len(self.published)}, refused {len(self.refused)}"
            f" (unchanged and reused {self.reused}, re-extracted {len(self.published) - self.reused},"
            f" withdrawn {self.removed})",
            f"  triples {self.triples:,}",
            "  entities: " + ", ".join(f"{name} {count:,}" for name, count in self.entities.items()),
            f"  time {self.seconds:.1f} s",
        ]
        if self.store is not None:
            lines.append("  " + self.store.summary())
        if self.refused:
            lines.append("Refused:")
            lines.extend(f"  {refusal}" for refusal in self.refused)
        if self.violations:
            lines.append("Shape violations (these articles were not published):")
            lines.extend("  " + str(violation) for violation in self.violations)
        if self.union_violations:
            lines.append(f"Shape violations across articles ({len(self.union_violations)}; published, "
                         "see report.txt):")
            lines.extend("  " + str(violation) for violation in self.union_violations[:20])
        if self.catalogue_violations:
            lines.append(f"The catalogue (void.ttl) breaks {len(self.catalogue_violations)} catalogue shape "
                         "constraint(s):")
            lines.extend("  " + str(violation) for violation in self.catalogue_violations[:20])
        return "\n".join(lines)


def code_fingerprint() -> str:
    """A hash of the code, ontology and shapes: a graph built by other code is never reused."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    data = {"ontology": package_data.ontology_dir(), "shapes": package_data.shapes_dir()}
    found = [(path.relative_to(package).as_posix(), path) for path in package.rglob("*")
             if path.relative_to(package).parts[0] not in data]
    found += [(f"{name}/{path.name}", path) for name, folder in data.items() for path in folder.iterdir()]
    for name, path in sorted(found):
        if path.is_file() and path.suffix in (".py", ".ttl", ".csv", ".json", ".tsv", ".toml") \
                and "__pycache__" not in name:
            digest.update(name.encode())
            digest.update(path.read_bytes())
    digest.update(os.environ.get("LINKEDDATA_SPACY_MODEL", "").encode())
    return digest.hexdigest()


class PreviousBuild:
    """What an earlier build in the target folder left: reusable graphs and the entity registry."""

    def __init__(self, folder: Path, base_uri: str, fingerprint: str) -> None:
        self.folder = folder
        self.articles: dict[str, dict] = {}
        self.dumps: dict[str, dict] = {}
        manifest_path = folder / "manifest.json"
        if not manifest_path.is_file():
            return
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return
        if manifest.get("base_uri") == base_uri and manifest.get("fingerprint") == fingerprint:
            self.articles = manifest.get("articles", {})
            self.dumps = manifest.get("dumps", {})

    @property
    def registry(self) -> Path:
        return self.folder / "registry.json"

    def reusable(self, article: Article) -> PublishedArticle | None:
        entry = self.articles.get(article.id)
        if not entry or entry.get("checksum") != article.checksum or not (self.folder / entry["file"]).is_file():
            return None
        return PublishedArticle(article.id, article.source, article.checksum, entry["graph"], None, reused=True)

    def graphs_not_in(self, kept: Iterable[PublishedArticle]) -> set[str]:
        """The graphs of that build that are not among `kept`: changed, withdrawn or refused now."""
        kept_ids = {item.article_id for item in kept}
        return {entry["graph"] for article_id, entry in self.articles.items() if article_id not in kept_ids}

    def earlier_segments(self) -> segments.Earlier | None:
        """The segments of that build's dumps, to copy what has not changed; None if it recorded none."""
        return segments.Earlier(self.folder, self.dumps) if self.articles and self.dumps else None

    def dump_without(self, graphs: set[str]) -> Iterator[str] | None:
        """That build's N-Quads lines, but those of `graphs`, in order; None if there is no such dump."""
        path = self.folder / "dataset.nq"
        if not self.articles or not path.is_file():
            return None

        def lines() -> Iterator[str]:
            with path.open(encoding="utf-8", newline="\n") as dump:
                for line in dump:
                    if line[line.rindex(" <") + 2 : -4] not in graphs:  # each line ends in "<graph> .\n"
                        yield line

        return lines()


class Builder:
    """Builds one dataset folder from articles."""

    def __init__(self, out: Path, base_uri: str = DEFAULT_BASE_URI, *, validator: Validator | None = None,
                 progress: bool = True, jobs: int = 1, store: RemoteStore | None = None,
                 extractor_factory: Callable[[], Extracting] | None = None,
                 links: Iterable[Path] = (), thesaurus: Path | None = None) -> None:
        self.out = out
        # Read before anything is built: a thesaurus that cannot be read stops the build with its reason.
        self.thesaurus = Thesaurus.load(thesaurus) if thesaurus is not None else None
        self.links = list(links)
        self._links_read: list = []
        self.store = store
        self.minter = Minter(base_uri)
        self.validator = validator or Validator()
        self.progress = progress
        self.jobs = max(1, jobs)
        self.extractor_factory = extractor_factory or default_extractor
        self.fingerprint = code_fingerprint()
        if self.thesaurus is not None:  # nor one mapped to another thesaurus
            self.fingerprint = hashlib.sha256(f"{self.fingerprint}|{self.thesaurus.digest()}".encode()).hexdigest()
        if self.links:  # a graph built with other links out is not reused
            from linkeddata.links import links_digest

            self.fingerprint = hashlib.sha256(f"{self.fingerprint}|{links_digest(self.links)}".encode()).hexdigest()
        self.staging = out.with_name(f".{out.name}.new")
        self.previous = PreviousBuild(out, self.minter.base, self.fingerprint)

    def build(self, inputs: Iterable[Path]) -> BuildReport:
        started = time.perf_counter()
        report = BuildReport(self.out, self.minter.base)
        if self.staging.exists():
            shutil.rmtree(self.staging)
        (self.staging / "graphs").mkdir(parents=True)
        resolver = self._resolver()
        resolver.thesaurus = self.thesaurus
        if self.links:
            from linkeddata.links import read_links

            resolver.links, refused_links = read_links(self.links)
            self._links_read = list(resolver.links)
            report.refused.extend(refused_links)
        items = list(read_articles(inputs))
        articles = [item for item in items if isinstance(item, Article)]
        report.refused.extend(item for item in items if isinstance(item, Refusal))
        report.read = len(articles)
        fresh: list[Article] = []
        for article in articles:
            reused = self.previous.reusable(article)
            if reused is None:
                fresh.append(article)
                continue
            # Its entities' keys are in the registry carried over from that build.
            _link_or_copy(self.previous.folder / reused.file, self.staging / reused.file)
            report.published.append(reused)
            report.reused += 1
        for article, outcome in self._progress(fresh, self._publish_all(fresh, resolver)):
            self._record(article, outcome, report)
        report.published.sort(key=lambda item: item.article_id)
        resolver.save(self.staging / "registry.json")
        report.removed = len(set(self.previous.articles) - {a.article_id for a in report.published})
        self._write_dataset(report, articles)
        if self.store is not None:
            # Before the swap: if the store fails half-way, the old manifest still marks these
            # articles as changed, and the next build sends them again.
            report.store = publish(self.store, self.minter.base + "graph/",
                                   [(item.graph_iri, self.staging / item.file, not item.reused)
                                    for item in report.published])
            for graph, turtle_file in self._vocabulary_graphs():  # small: sent whole every time
                self.store.put_graph(graph, turtle_file.read_bytes())
        self._swap()
        report.seconds = time.perf_counter() - started
        return report

    def _resolver(self):  # type: ignore[no-untyped-def]
        from linkeddata.resolve import Resolver

        return Resolver.load(self.previous.registry)

    def _publish_all(self, articles: list[Article], resolver) -> Iterator[Outcome]:  # type: ignore[no-untyped-def]
        """Each article's outcome, in order: extracted, resolved, mapped, validated and written.

        Extraction and mapping are pure functions of their input and run in the workers; resolution
        gives out keys and must see the articles in their order, so it runs in one thread, between the
        two, and a parallel build equals a serial one byte for byte. An article under which a worker
        process dies, twice, is refused (see `workers`).
        """
        publisher = ArticlePublisher(self.minter, self.validator, self.staging)

        def resolve(article: Article, facts: ArticleFacts | str) -> ArticleFacts | str:
            return facts if isinstance(facts, str) else resolver.resolve(facts)

        if not articles:
            return
        if self.jobs == 1:
            extractor = self.extractor_factory()
            for article in articles:
                facts = resolve(article, _extract_guarded(extractor, article))
                yield facts if isinstance(facts, str) else publisher.publish(article, facts)
            return

        # With workers, even for one article: this process then never loads spaCy, and ends sooner.
        def workers(count: int) -> ProcessPoolExecutor:
            return ProcessPoolExecutor(count, mp_context=_context(), initializer=_start_worker,
                                       initargs=(self.extractor_factory, publisher))

        yield from InOrder(workers, self.jobs, _extract_in_worker, resolve, _publish_in_worker,
                           finished=lambda middle: isinstance(middle, str),
                           died=lambda stage: f"its worker process died while {stage} (killed, or a crash in "
                                              f"native code); run alone again, it died again").run(articles)

    def _progress(self, articles: list[Article], results: Iterator[Outcome]) -> Iterator[tuple[Article, Outcome]]:
        pairs = zip(articles, results, strict=True)
        if not self.progress or len(articles) < 20:
            yield from pairs
            return
        from tqdm import tqdm

        yield from tqdm(pairs, total=len(articles), desc="building", unit="article", file=sys.stderr, disable=None)

    def _record(self, article: Article, outcome: Outcome, report: BuildReport) -> None:
        if isinstance(outcome, PublishedArticle):
            report.published.append(outcome)
            report.warnings.extend(outcome.warnings)
        elif isinstance(outcome, ValidationResult):
            report.warnings.extend(outcome.warnings)
            report.violations.extend(outcome.violations)
            report.refused.append(Refusal(article.source, f"its graph breaks {len(outcome.violations)} shape "
                                                          f"constraint(s); not published (see the violations)"))
        else:
            report.refused.append(Refusal(article.source, outcome))

    def _write_dataset(self, report: BuildReport, articles: list[Article]) -> None:
        folder = self.staging
        nq, nt, ttl = folder / "dataset.nq", folder / "dataset.nt", folder / "dataset.ttl"
        fresh = [item for item in report.published if not item.reused]
        replaced = self.previous.graphs_not_in(item for item in report.published if item.reused)
        lines = self._write_dumps(report, fresh, replaced)
        earlier = self.previous.earlier_segments()
        from linkeddata.store import StaleStore, build_store, patch_store

        vocabulary = self._vocabulary_graphs()

        def load_store() -> None:
            if self.previous.articles:  # patch_store says StaleStore if that build left no usable store
                try:
                    patch_store(self.previous.folder / "store", folder / "store", [nq], withdrawn=replaced,
                                added=[(item.graph_iri, folder / item.file) for item in fresh],
                                statements=lines.quads, union_triples=lines.triples, graphs=vocabulary)
                    return
                except StaleStore as stale:
                    print(f"the earlier query store is rebuilt whole: {stale}", file=sys.stderr)
            build_store([nq], folder / "store", union=nt, graphs=vocabulary)  # dataset.nt: the union

        published_ids = {item.article_id for item in report.published}
        last_published = max((a.published.isoformat() for a in articles if a.id in published_ids), default=None)
        # The statistics are pure Python: counted in a process of their own (started before any thread here),
        # they leave the GIL to the threads. The store and the gzip copies are made in Rust and zlib, mostly
        # outside the GIL. Two threads: with one, these become the longest chain; with three, they crowd out
        # this one.
        curated = frozenset(link.iri for link in self._links_read)
        statistics = _apart(DatasetStatistics.of_ntriples, nt, len(report.published), last_published, curated)
        with ThreadPoolExecutor(max_workers=2) as background:
            store_job = background.submit(load_store)
            written = {nq.name: background.submit(segments.write_gzip, nq, lines.quad_cuts, earlier),
                       nt.name: background.submit(segments.write_gzip, nt, lines.triple_cuts, earlier)}
            turtle_cuts = segments.write_turtle(nt, lines.triple_cuts, ttl, earlier)
            written[ttl.name] = background.submit(segments.write_gzip, ttl, turtle_cuts, earlier)
            self._write_descriptions(report, statistics(), lines, written)
            store_job.result()
        self._check_union(report, folder / "store")
        (folder / "report.txt").write_text(_report_text(report), encoding="utf-8")

    def _vocabulary_graphs(self) -> list[tuple[str, Path]]:
        """The ontology and the shapes, each with the named graph that holds it in the store: the class tree
        and the shapes are queryable beside the data."""
        return [(VOCABULARY_SPACE + "ontology", single_turtle(self.validator.ontology_dir)),
                (VOCABULARY_SPACE + "shapes", single_turtle(self.validator.shapes_dir))]

    def _check_union(self, report: BuildReport, store_dir: Path) -> None:
        """Validate what the articles say together: each thing described by more than one article graph
        (a person, a country, a topic...) against the shapes, as the union of those graphs describes it.
        An article is checked alone before it is published; this finds what only their union breaks
        (two preferred labels of one topic), and reports it."""
        from linkeddata.store import open_read_only

        if len(report.published) < 2:
            return
        store = open_read_only(store_dir)
        articles = [ox.NamedNode(item.graph_iri) for item in report.published]
        shared = [URIRef(row["s"].value) for row in store.query(
            "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s)) } GROUP BY ?s HAVING (COUNT(DISTINCT ?g) > 1)",
            named_graphs=articles)]
        if not shared:
            return
        described = store.query(
            "CONSTRUCT { ?s ?p ?o . ?o a ?type } WHERE { "
            "{ SELECT ?s WHERE { GRAPH ?g { ?s ?p0 ?o0 } FILTER(isIRI(?s)) } GROUP BY ?s "
            "HAVING (COUNT(DISTINCT ?g) > 1) } ?s ?p ?o . OPTIONAL { ?o a ?type } }",
            named_graphs=articles)
        union = Graph().parse(data=ox.serialize(described, format=ox.RdfFormat.N_TRIPLES), format="nt")
        result = self.validator.validate_union(union, sorted(shared))
        report.union_violations = result.violations
        report.warnings.extend(result.warnings)

    def _write_dumps(self, report: BuildReport, fresh: list[PublishedArticle], replaced: set[str]) -> output.DumpLines:
        """The merged dumps: from the earlier build's, less the replaced graphs, plus the fresh ones, or
        else from every graph; byte for byte the same either way (each line is written once, in order)."""
        nq, nt = self.staging / "dataset.nq", self.staging / "dataset.nt"
        earlier = self.previous.dump_without(replaced)
        if earlier is not None:
            few = (line for item in fresh for line in item.quads(self.staging))
            try:
                return output.write_dumps(nq, nt, output.merged_into(earlier, few))
            except ValueError as unusable:  # a line out of order (UnsortedRun) or not a quad
                print(f"{self.previous.folder / 'dataset.nq'} is not reused: {unusable}", file=sys.stderr)
        return output.write_dumps(nq, nt, output.merged(item.quads(self.staging) for item in report.published))

    def _write_descriptions(self, report: BuildReport, stats: DatasetStatistics, lines: output.DumpLines,
                            written: dict[str, Future[segments.Written]]) -> None:
        folder = self.staging
        shutil.copyfile(single_turtle(self.validator.ontology_dir), folder / "ontology.ttl")
        shutil.copyfile(single_turtle(self.validator.shapes_dir), folder / "shapes.ttl")
        report.triples = stats.triples
        report.entities = {name: stats.classes.get(cls, 0) for name, cls in SUMMARY_CLASSES.items()}
        report.entities["events"] = sum(stats.classes.get(cls, 0) for cls in EVENT_CLASSES)
        dumps = {name: job.result() for name, job in written.items()}
        listed = [Dump(name, media, count, dumps[name].size, dumps[name].sha256,
                       (folder / f"{name}.gz").stat().st_size, dumps[name].gzip_sha256)
                  for name, media, count in (("dataset.nq", "application/n-quads", lines.quads),
                                             ("dataset.ttl", "text/turtle", lines.triples),
                                             ("dataset.nt", "application/n-triples", lines.triples))]
        void = describe(self.minter, stats, listed)
        (folder / "void.ttl").write_bytes(void.serialize(format="turtle", encoding="utf-8"))
        report.catalogue_violations = check_catalogue(void).violations
        output.write_json(folder / "manifest.json", {
            "base_uri": self.minter.base,
            "fingerprint": self.fingerprint,
            "triples": stats.triples,
            "articles": {p.article_id: {"checksum": p.checksum, "graph": p.graph_iri, "source": p.source,
                                        "file": p.file} for p in report.published},
            "dumps": {name: dump.to_json() for name, dump in sorted(dumps.items())},
        })

    def _swap(self) -> None:
        retired = self.out.with_name(f".{self.out.name}.old")
        if retired.exists():
            shutil.rmtree(retired)
        if self.out.exists():
            self.out.rename(retired)
        self.staging.rename(self.out)
        if retired.exists():
            shutil.rmtree(retired, ignore_errors=True)


def _context() -> multiprocessing.context.BaseContext:
    return multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")


def _apart(function: Callable[..., T], *args: object) -> Callable[[], T]:
    """Run `function(*args)` in a process of its own, started now; returns what waits for its result.

    A process that ends on its own, not a pool: were this one killed, a pool's worker would wait for work
    forever, holding whatever it inherited open."""
    receiver, sender = _context().Pipe(duplex=False)
    process = _context().Process(target=_send_result, args=(sender, function, args), daemon=True)
    process.start()
    sender.close()

    def result() -> T:
        try:
            outcome = receiver.recv()
        except EOFError:
            process.join()  # its exit status is known only once it is reaped
            raise RuntimeError(f"{function.__qualname__} died in its process (exit {process.exitcode})") from None
        finally:
            receiver.close()
            process.join()
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    return result


def _send_result(sender: multiprocessing.connection.Connection, function: Callable[..., object],
                 args: tuple[object, ...]) -> None:
    try:
        outcome = function(*args)
    except Exception as error:  # raised again in the parent
        outcome = error
    sender.send(outcome)


def _link_or_copy(source: Path, target: Path) -> None:
    # A graph file is never written again once made: the new build may share it with the old one.
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _report_text(report: BuildReport) -> str:
    lines = [f"published {len(report.published)}", f"refused {len(report.refused)}"]
    lines.extend(f"refused: {refusal}" for refusal in report.refused)
    lines.extend(f"violation: {violation}" for violation in report.violations)
    lines.append(f"violations across articles {len(report.union_violations)}")
    lines.extend(f"violation across articles: {violation}" for violation in report.union_violations)
    lines.append(f"catalogue violations {len(report.catalogue_violations)}")
    lines.extend(f"catalogue violation: {violation}" for violation in report.catalogue_violations)
    lines.extend(f"warning: {warning}" for warning in report.warnings)
    return "\n".join(lines) + "\n"


def build(inputs: Iterable[Path], out: Path = DEFAULT_OUTPUT, base_uri: str = DEFAULT_BASE_URI,
          progress: bool = True, jobs: int = 1) -> BuildReport:
    return Builder(out, base_uri, progress=progress, jobs=jobs).build(inputs)


def build_command_default() -> Path:
    """Build seeds/ into build/ (what `linkeddata serve` does when there is no build yet)."""
    report = build([DEFAULT_INPUT], DEFAULT_OUTPUT)
    print(report.summary(), file=sys.stderr)
    return DEFAULT_OUTPUT

"""The command line: `linkeddata build | validate | serve`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rdflib import Graph

from linkeddata.iris import DEFAULT_BASE_URI, normalise_base
from linkeddata.serve.settings import configure_parser
from linkeddata.store.remote import FLAVOURS

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3


def _base_uri(value: str) -> str:
    try:
        return normalise_base(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_command(args: argparse.Namespace) -> int:
    from linkeddata.pipeline import DEFAULT_INPUT, Builder
    from linkeddata.store.remote import RemoteStore, StoreError, credentials_from_environment
    from linkeddata.thesaurus import ThesaurusError

    inputs = args.inputs or [DEFAULT_INPUT]
    try:
        store = (RemoteStore.at(args.store, args.store_flavour, credentials_from_environment())
                 if args.store else None)
        links = args.links if args.links is not None else [p for p in [Path("links")] if p.is_dir()]
        report = Builder(args.out, args.base_uri, progress=not args.quiet, jobs=args.jobs, store=store,
                         links=links, thesaurus=args.thesaurus).build(inputs)
    except StoreError as error:
        print(f"linkeddata build: the store failed, the previous build is kept: {error}", file=sys.stderr)
        return EXIT_STORE
    except ThesaurusError as error:
        print(f"linkeddata build: --thesaurus {error}", file=sys.stderr)
        return EXIT_USAGE
    print(report.summary())
    return EXIT_OK if report.ok else EXIT_REFUSED


def validate_command(args: argparse.Namespace) -> int:
    from linkeddata.validate import Validator, shared_description

    graphs = sorted((args.data / "graphs").glob("*.ttl")) if args.data.is_dir() else [args.data]
    if not graphs:
        print(f"{args.data}: no article graphs (graphs/*.ttl) to validate", file=sys.stderr)
        return EXIT_USAGE
    validator = Validator(args.shapes, args.ontology)
    failed = 0
    parsed = []
    for path in graphs:
        graph = Graph().parse(path, format="turtle")
        parsed.append(graph)
        result = validator.validate(path.stem, graph)
        for violation in result.violations + result.warnings:
            print(violation)
        failed += not result.conforms
    print(f"{len(graphs)} article graph(s) checked against {validator.shapes_dir}: "
          f"{len(graphs) - failed} conform, {failed} do not")
    # What the graphs break only together, as the build reports it in report.txt.
    union = validator.validate_union(*shared_description(parsed))
    for violation in union.violations:
        print(violation)
    print(f"across the article graphs: {len(union.violations)} violation(s)")
    return EXIT_OK if failed == 0 and union.conforms else EXIT_REFUSED


def parser() -> argparse.ArgumentParser:
    from linkeddata.pipeline import DEFAULT_OUTPUT

    top = argparse.ArgumentParser(prog="linkeddata", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="extract, validate and write the dataset",
                                description="Read articles (files or folders; default seeds/), extract "
                                            "diplomatic facts, validate each article graph and write the dataset.")
    build.add_argument("inputs", nargs="*", type=Path, metavar="ARTICLE_OR_FOLDER")
    build.add_argument("--out", type=Path, default=DEFAULT_OUTPUT, help="build folder (default: build/)")
    build.add_argument("--base-uri", type=_base_uri, default=DEFAULT_BASE_URI,
                       help=f"the URI space of the dataset (default: {DEFAULT_BASE_URI})")
    build.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                       help="extraction processes (default: one per core); the output is the same for any number")
    build.add_argument("--store", metavar="URL", default=None,
                       help="also publish into this triple store (SPARQL 1.1 + Graph Store Protocol); credentials "
                            "from LINKEDDATA_STORE_TOKEN or LINKEDDATA_STORE_USER/PASSWORD or LINKEDDATA_STORE_CONFIG")
    build.add_argument("--store-flavour", default="oxigraph", choices=sorted(FLAVOURS),
                       help="where the store keeps its endpoints (default: oxigraph)")
    build.add_argument("--links", type=Path, action="append", default=None, metavar="CSV_OR_FOLDER",
                       help="curated links out, owl:sameAs (default: the CSV files of links/, where there is one)")
    build.add_argument("--thesaurus", type=Path, default=None, metavar="CSV_OR_SKOS",
                       help="map topics to this thesaurus (EuroVoc CSV extract, or a SKOS file): skos:exactMatch, "
                            "closeMatch, broadMatch")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.set_defaults(handler=build_command)

    validate = commands.add_parser("validate", help="re-check a built dataset against the shapes")
    validate.add_argument("data", type=Path, metavar="DIR", help="a build folder (or one article graph)")
    validate.add_argument("--shapes", type=Path, default=None, help="shapes folder (default: the package's own)")
    validate.add_argument("--ontology", type=Path, default=None, help="ontology folder (default: the package's own)")
    validate.set_defaults(handler=validate_command)

    serve = commands.add_parser("serve", help="serve the dataset: SPARQL endpoint, resource pages, downloads")
    configure_parser(serve)
    serve.set_defaults(handler=serve_command)
    return top


def serve_command(args: argparse.Namespace) -> int:
    from linkeddata.serve.server import run  # Flask and gunicorn load only for this command

    return run(args)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())

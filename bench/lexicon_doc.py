"""Write the lexicon section of docs/extraction.md from `linkeddata/extract/rules/lexicon.toml`.

    python bench/lexicon_doc.py            # rewrite the section in place
    python bench/lexicon_doc.py --check    # exit 1 when the section is out of date

The section lies between the markers `DOC_BEGIN` and `DOC_END` of `linkeddata.extract.rules.lexicon`; when they
are missing it is appended under a heading.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linkeddata.extract.rules.lexicon import DOC_BEGIN, DOC_END, doc_section  # noqa: E402

DOC = ROOT / "docs" / "extraction.md"


def updated(text: str) -> str:
    if DOC_BEGIN in text and DOC_END in text:
        start, end = text.index(DOC_BEGIN), text.index(DOC_END) + len(DOC_END)
        return text[:start] + doc_section() + text[end:]
    return text.rstrip("\n") + "\n\n## The lexicon\n\n" + doc_section() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the section is up to date")
    parser.add_argument("--doc", type=Path, default=DOC)
    args = parser.parse_args(argv)
    text = args.doc.read_text(encoding="utf-8")
    new = updated(text)
    if args.check:
        if new != text:
            print(f"{args.doc}: the lexicon section is out of date; run python bench/lexicon_doc.py", file=sys.stderr)
            return 1
        return 0
    if new != text:
        args.doc.write_text(new, encoding="utf-8")
        print(f"{args.doc}: lexicon section written")
    return 0


if __name__ == "__main__":
    sys.exit(main())

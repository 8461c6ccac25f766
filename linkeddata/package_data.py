"""The ontology and the shapes the package carries, found through `importlib.resources`.

The top-level `ontology/` and `shapes/` folders are the ones to edit; the package links them
(`linkeddata/ontology`, `linkeddata/shapes`) and the wheel holds copies, so an installed package reads its
own and never a checkout.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _folder(name: str) -> Path:
    found = files(__package__ or "linkeddata").joinpath(name)
    # pip installs a wheel unpacked, and a checkout is a folder: either way a folder on disk.
    if not isinstance(found, Path) or not found.is_dir():
        raise FileNotFoundError(f"the linkeddata package holds no {name}/ folder ({found}); reinstall it")
    return found


def ontology_dir() -> Path:
    return _folder("ontology")


def catalogue_shapes_dir() -> Path:
    """The shapes the dataset's own catalogue (void.ttl) is checked against."""
    return _folder("catalogue")


def shapes_dir() -> Path:
    return _folder("shapes")


def single_turtle(folder: Path) -> Path:
    """The one Turtle file of an ontology or shapes folder."""
    found = sorted(folder.glob("*.ttl"))
    if len(found) != 1:
        raise RuntimeError(f"{folder} should hold exactly one Turtle file, it holds {len(found)}")
    return found[0]

"""What every page's footer says: the dataset's licence, from the one place the catalogue takes it."""

from __future__ import annotations

from flask import Blueprint

from linkeddata.describe import LICENSE, LICENSE_NAME

bp = Blueprint("footer", __name__)


@bp.app_context_processor
def _licence() -> dict[str, str]:
    return {"licence_url": str(LICENSE), "licence_name": LICENSE_NAME}

"""Find the folders that ship beside the package: `checks/` and `reports/templates/`.

In a wheel they are copied inside the package (hatch force-include). An editable install or a
raw checkout under pytest has them at the repository root instead, two levels above this
file. Looking in the package first and the checkout second makes all three work.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_DIR = _PACKAGE_DIR.parent.parent


def _resolve(*parts: str) -> Path:
    for base in (_PACKAGE_DIR, _CHECKOUT_DIR):
        candidate = base.joinpath(*parts)
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"prodready is installed without its {'/'.join(parts)} folder "
        f"(looked in {_PACKAGE_DIR} and {_CHECKOUT_DIR})"
    )


def checks_dir() -> Path:
    """The directory holding the built-in check modules."""
    return _resolve("checks")


def templates_dir() -> Path:
    """The directory holding the jinja2 report templates."""
    return _resolve("reports", "templates")


def schema_path() -> Path:
    """The JSON Schema of the JSON report (always inside the package)."""
    return _PACKAGE_DIR / "schema" / "report.schema.json"

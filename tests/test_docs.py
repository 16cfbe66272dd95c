"""docs/checks.md is generated from the checks; it must match what the code says."""

from pathlib import Path

from prodready.catalog_docs import render

ROOT = Path(__file__).resolve().parent.parent


def test_checks_md_is_in_sync_with_the_check_modules():
    committed = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert committed == render(), "run: python -m prodready.catalog_docs > docs/checks.md"


def test_every_check_is_documented_with_verdicts_fix_and_blind_spots():
    from tests.catalog import CATALOG

    text = render()
    for check_id in CATALOG:
        section = text.split(f"### {check_id}\n", 1)[1].split("\n### ", 1)[0]
        assert "*Verdicts:*\n- " in section, check_id
        assert "*Fix.*" in section and "*Blind spots.*" in section and "*References:*" in section, check_id

"""The pack's own tests, with the helpers prodready's tests use."""

from prodready.model import Status
from prodready.testing import run_check, write_repo


def test_owner_rule_passes(tmp_path):
    root = write_repo(tmp_path / "r", {".github/CODEOWNERS": "* @acme/payments\n", "main.py": "print(1)\n"}, git_init=True)
    result = run_check(root, "docs.codeowners")
    assert result.status is Status.PASS
    assert result.locations() == [".github/CODEOWNERS:1"]


def test_missing_file_fails(tmp_path):
    root = write_repo(tmp_path / "r", {"main.py": "print(1)\n"}, git_init=True)
    result = run_check(root, "docs.codeowners")
    assert result.status is Status.FAIL
    assert "no CODEOWNERS" in result.message


def test_comments_only_is_partial(tmp_path):
    root = write_repo(tmp_path / "r", {"CODEOWNERS": "# owners go here\n"}, git_init=True)
    assert run_check(root, "docs.codeowners").status is Status.PARTIAL

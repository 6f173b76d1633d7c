"""tests/fork_server.py: forked builds report what `python -m mkdocs build` reports, load the
project's own code fresh from the folder they build, and a program that hangs is stopped."""

from __future__ import annotations

import ast
import subprocess

import pytest

from tests.support import ROOT, mkdocs_build


def tiny_project(folder, hook: str = "") -> None:
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Tiny\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text("site_name: Tiny\nhooks:\n  - local_hook.py\n", encoding="utf-8")
    (folder / "local_hook.py").write_text(hook or "def on_config(config):\n    return config\n", encoding="utf-8")


def test_the_server_imports_no_module_of_the_project():
    tree = ast.parse((ROOT / "tests" / "fork_server.py").read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])
    }
    own = {path.name for path in ROOT.iterdir() if path.is_dir()} | {"conftest", "support"}
    assert not imported & own, imported & own


def test_a_forked_build_reports_its_log_and_status(tmp_path):
    tiny_project(tmp_path / "good")
    built = mkdocs_build(tmp_path / "good", tmp_path / "good-site")
    assert built.returncode == 0 and "Documentation built" in built.stderr, built.stderr
    assert (tmp_path / "good-site" / "index.html").exists()
    # The copy's own hook, loaded fresh: a fault planted in it reaches the build.
    tiny_project(tmp_path / "bad", hook="def on_config(config):\n    raise ValueError('planted in the copy')\n")
    failed = mkdocs_build(tmp_path / "bad", tmp_path / "bad-site")
    assert failed.returncode == 1 and "planted in the copy" in failed.stderr, failed.stderr


def test_a_build_that_hangs_is_stopped_and_the_next_one_runs(tmp_path):
    tiny_project(tmp_path / "slow", hook="import time\n\ndef on_config(config):\n    time.sleep(60)\n")
    with pytest.raises(subprocess.TimeoutExpired):
        mkdocs_build(tmp_path / "slow", tmp_path / "slow-site", timeout=1)
    tiny_project(tmp_path / "next")
    assert mkdocs_build(tmp_path / "next", tmp_path / "next-site").returncode == 0

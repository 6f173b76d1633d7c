"""GitHub workflows: least privilege, pinned actions, and clean actionlint and zizmor runs (offline)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support import ROOT, require_tool

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def load(path: Path) -> dict:
    # PyYAML reads the key `on` as True; BaseLoader keeps every scalar a string.
    return yaml.load(path.read_text(), Loader=yaml.BaseLoader)


def test_the_three_workflows_exist():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "deploy.yml", "links.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_pinned(path):
    wf = load(path)
    text = path.read_text()
    assert wf.get("permissions") == {}, "top level must be `permissions: {}`"
    assert "pull_request_target" not in text
    for name, job in wf["jobs"].items():
        assert "permissions" in job, f"job {name} must grant its own permissions"
        for step in job.get("steps", []):
            uses = step.get("uses")
            if uses:
                assert PINNED.match(uses), f"{name}: {uses} must be pinned by full commit SHA"
                if uses.startswith("actions/checkout@"):
                    assert step.get("with", {}).get("persist-credentials") == "false"
            assert "secrets." not in str(step), f"{name}: no secrets in steps"


def test_only_the_deploy_job_can_publish():
    wf = load(ROOT / ".github/workflows/deploy.yml")
    assert wf["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert wf["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "steps" in wf["jobs"]["deploy"] and all("run" not in s for s in wf["jobs"]["deploy"]["steps"])


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci and "CI=true" in ci
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make serve" in readme
    workflow = (ROOT / ".github/workflows/ci.yml").read_text()
    assert "bash .ci/run" in workflow


@pytest.mark.tools
def test_actionlint_is_clean():
    node = require_tool("node")
    cli = ROOT / "node_modules" / "@tktco" / "node-actionlint" / "bin" / "node-actionlint.js"
    assert cli.exists(), "run 'make setup-test' (npm ci installs actionlint)"
    result = subprocess.run([node, str(cli)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Checking {len(WORKFLOWS)} workflow file(s)" in result.stdout


@pytest.mark.tools
def test_zizmor_is_clean():
    zizmor = Path(sys.executable).parent / "zizmor"
    result = subprocess.run(
        [str(zizmor), "--offline", "--no-progress", str(ROOT / ".github" / "workflows")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr

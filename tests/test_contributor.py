"""The contributor's path: `make new-page` / `make new-question` scaffolds, the pre-commit
hooks (offline), the file checks' messages, and no scaffold placeholder left in the content."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT, build_fails, mkdocs_build

TODO_KEY = "TODO_write_this_question_then_delete_this_line"


def scaffold(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scripts.new", *args, "--root", str(project)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def add_to_nav(project: Path, printed: str) -> str:
    """Do what the scaffold tells the contributor: paste its nav line under the part's group."""
    nav_line = next(line for line in printed.splitlines() if re.match(r"^\s+- .+: [a-z0-9/-]+\.md$", line))
    part = nav_line.rsplit(": ", 1)[1].split("/")[0]
    config = project / "mkdocs.yml"
    lines = config.read_text().splitlines()
    last = max(i for i, line in enumerate(lines) if re.search(rf": {re.escape(part)}/[a-z0-9-]+\.md$", line))
    lines.insert(last + 1, nav_line)
    config.write_text("\n".join(lines) + "\n")
    return nav_line


def delete_todo_line(bank: Path) -> None:
    bank.write_text("".join(line for line in bank.read_text().splitlines(keepends=True) if TODO_KEY not in line))


@pytest.mark.slow
def test_scaffolded_page_and_question_build_strictly(project_copy, tmp_path):
    page = scaffold(project_copy, "page", "--section", "kms", "--slug", "key-grants-demo", "--title", "KMS grants demo")
    assert page.returncode == 0, page.stderr
    assert "Created docs/kms/key-grants-demo.md" in page.stdout and "fill in every TODO" in page.stdout
    nav_line = add_to_nav(project_copy, page.stdout)
    assert nav_line.strip() == "- KMS grants demo: kms/key-grants-demo.md"

    text = (project_copy / "docs/kms/key-grants-demo.md").read_text()
    for part in (
        "title: KMS grants demo",
        "objectives:",
        "exam_tasks:",
        "# KMS grants demo",
        "{{ page_intro() }}",
        "\n## ",
        '{{ cite("',
        "{{ exam_traps() }}",
        "traps:",
        "{{ resources_box() }}",
    ):
        assert part in text, f"the new page lacks {part!r}"

    question = scaffold(project_copy, "question", "--section", "kms-access-control", "--slug", "demo-grant")
    assert question.returncode == 0, question.stderr
    delete_todo_line(project_copy / "docs/_data/questions/kms-access-control.yml")

    result = mkdocs_build(project_copy, tmp_path / "site", fast=True)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    html = (tmp_path / "site/kms/key-grants-demo/index.html").read_text()
    assert '<h1 id="kms-grants-demo">' in html and "exam-trap" in html and "resources-box" in html
    cited = re.search(r'\{\{ cite\("([a-z0-9-]+)"\) \}\}', text).group(1)
    assert cited in (ROOT / "docs/_data/resources.yml").read_text()
    assert "kms-access-control-demo-grant" in (tmp_path / "site/kms/access-control/index.html").read_text()


@pytest.mark.slow
def test_scaffolded_question_stops_the_build_until_written(project_copy):
    result = scaffold(project_copy, "question", "--section", "kms")
    assert result.returncode == 0, result.stderr
    qid = re.search(r"Appended question '([a-z0-9-]+)'", result.stdout).group(1)
    line = re.search(r"\(line (\d+)\)", result.stdout).group(1)
    assert qid.startswith("kms-new-question-")
    # The message the scaffold announces (and CONTRIBUTING.md lists) is the one the build prints.
    build_fails(
        project_copy,
        "docs/_data/questions/kms.yml",
        f"question '{qid}' (line {line})",
        f"field '{TODO_KEY}': Extra inputs are not permitted",
    )


def test_question_ids_are_fresh_and_unique(project_copy):
    first = scaffold(project_copy, "question", "--section", "cognito")
    second = scaffold(project_copy, "question", "--section", "cognito")
    ids = [re.search(r"Appended question '([a-z0-9-]+)'", r.stdout).group(1) for r in (first, second)]
    assert ids[0] != ids[1]
    taken = scaffold(project_copy, "question", "--section", "cognito", "--slug", ids[0].removeprefix("cognito-"))
    assert taken.returncode == 2 and f"question id '{ids[0]}' is taken" in taken.stderr


@pytest.mark.parametrize(
    "args,message",
    [
        (
            ["page", "--section", "nope", "--slug", "x", "--title", "X"],
            "SECTION='nope' is not a folder of docs/. Use one of:",
        ),
        (
            ["page", "--section", "kms", "--slug", "Bad_Slug", "--title", "X"],
            "SLUG='Bad_Slug' must be lowercase words joined by hyphens",
        ),
        (["page", "--section", "kms", "--slug", "index", "--title", "X"], "docs/kms/index.md already exists"),
        (["page", "--section", "kms", "--slug", "x", "--title", "A: B"], "without ':' or '#'"),
        (["page", "--section", "kms"], "missing SLUG: pass it on the command line"),
        (["question", "--section", "kms-basics"], "SECTION='kms-basics' is not a registry section. Use one of: kms,"),
    ],
)
def test_scaffold_refuses_bad_input_with_the_fix(args, message):
    # Refusals change nothing, so the real project is safe to point at.
    result = scaffold(ROOT, *args)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: ") and message in result.stderr, result.stderr


def test_no_scaffold_placeholder_left_in_the_content():
    leftovers = []
    for path in [*(ROOT / "docs").rglob("*.md"), *(ROOT / "docs/_data/questions").glob("*.yml")]:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if TODO_KEY in line or re.search(r"\bTODO\b", line):
                leftovers.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()[:80]}")
    assert leftovers == [], "replace the scaffold's TODO text before merging:\n" + "\n".join(leftovers)


def test_whitespace_check_names_file_line_and_fix(tmp_path):
    bad = tmp_path / "page.md"
    bad.write_text("fine\ntrailing   \nlast line")
    result = subprocess.run(
        [sys.executable, "-m", "scripts.lint_files", "whitespace", "--check", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert f"{bad}:2: spaces or tabs at the end of the line. Fix: delete them" in result.stdout
    assert f"{bad}:3: the file does not end with a newline. Fix: add one" in result.stdout
    assert bad.read_text().endswith("last line"), "--check must not change the file"
    repaired = subprocess.run(
        [sys.executable, "-m", "scripts.lint_files", "whitespace", str(bad)], cwd=ROOT, capture_output=True, text=True
    )
    assert repaired.returncode == 1 and "(repaired" in repaired.stdout
    assert bad.read_text() == "fine\ntrailing\nlast line\n"


def test_yaml_check_names_the_line_and_accepts_mkdocs_tags(tmp_path):
    tagged = tmp_path / "mkdocs.yml"
    tagged.write_text(
        "site_name: !ENV [NAME, x]\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    )
    broken = tmp_path / "bank.yml"
    broken.write_text("questions:\n  - id: a\n    prompt: x: y\n")
    result = subprocess.run(
        [sys.executable, "-m", "scripts.lint_files", "yaml", str(tagged), str(broken)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert str(tagged) not in result.stdout
    assert re.search(
        rf"{re.escape(str(broken))}:3: YAML syntax error: .*Fix: check the indentation and quoting", result.stdout
    ), result.stdout


@pytest.mark.tools
def test_pre_commit_runs_offline_and_passes(tmp_path):
    """`pre-commit run --all-files` on a git copy of the tracked files: every hook is local, so it
    needs no network, and the repository is clean (YAML, whitespace, spelling, Python lint)."""
    repo = tmp_path / "repo"
    tracked = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, text=True, check=True
    ).stdout
    for name in filter(None, tracked.split("\0")):
        source = ROOT / name
        if source.is_file():  # a file deleted but not yet committed is skipped, as pre-commit would
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    (repo / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_CONFIG_GLOBAL": os.devnull}
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True, env=env)
    (repo / ".git/info/exclude").write_text(".venv\n")
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True, env=env)
    result = subprocess.run(
        [str(ROOT / ".venv/bin/pre-commit"), "run", "--all-files", "--color", "never"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    for hook in ("YAML parses", "trailing whitespace", "spelling", "Python lint", "Python format"):
        assert re.search(rf"{hook}.*Passed", result.stdout), result.stdout


def test_contributing_documents_the_path():
    text = (ROOT / "CONTRIBUTING.md").read_text()
    for needle in ("make new-page", "make new-question", "pre-commit install", TODO_KEY):
        assert needle in text, f"CONTRIBUTING.md should mention {needle!r}"
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^new-page:", makefile, re.M) and re.search(r"^new-question:", makefile, re.M)

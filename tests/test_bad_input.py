"""Bad input: the build stops, names the file (and line or id) and the fix, and leaves no
half-written site behind.

Each case has one test. Those already written next to the feature they break are not repeated:

| case                                   | test                                                                 |
|----------------------------------------|----------------------------------------------------------------------|
| malformed YAML, registry (build)       | test_build_errors.py::test_yaml_syntax_error_names_file_and_line     |
| malformed YAML, question bank          | test_quiz_bank.py::test_malformed_yaml_names_file_and_line           |
| unknown resource id in a page          | test_build_errors.py::test_unknown_resource_id_in_a_page             |
| unknown resource id as a question source | test_quiz_bank.py::test_unknown_source_names_file_and_question     |
| duplicate question id                  | test_quiz_bank.py::test_duplicate_id_in_one_file, ..._across_two_files |
| answer out of range (loader, build)    | test_quiz_bank.py::test_answer_out_of_range_names_file_and_question, ::test_build_stops_on_a_bad_answer |
| a diagram program that raises          | test_diagrams.py::test_a_raising_program_stops_the_build_with_its_name_and_error |
| a diagram program that hangs           | test_diagrams.py::test_a_hanging_program_is_stopped_by_the_timeout   |
| Graphviz missing                       | test_diagrams.py::test_missing_graphviz_gives_the_install_command    |
| a broken anchor                        | test_build_errors.py::test_a_broken_anchor                           |
| a javascript: URL in the registry      | test_privacy_security.py::test_a_javascript_url_in_the_registry_stops_the_build |

Here: a question without a source, Jinja-like text in code (wrapped in raw it renders
literally; unwrapped it stops the build), an empty page, and .ci/build-site keeping the last
good site when a build fails halfway.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from macros.errors import SiteDataError
from macros.quiz_bank import load_bank
from tests.support import ROOT, build_fails, load_hook, mkdocs_build, read_page

FIXTURE_BANKS = ROOT / "tests" / "fixtures" / "questions"


def append(path: Path, text: str) -> int:
    """Append `text` to a page; return the line number its first line lands on."""
    before = path.read_text(encoding="utf-8")
    if not before.endswith("\n"):
        before += "\n"
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


# --- question banks ----------------------------------------------------------------------------


def test_a_question_without_a_source_names_file_question_and_field(tmp_path):
    bank = tmp_path / "cognito.yml"
    data = yaml.safe_load((FIXTURE_BANKS / "cognito.yml").read_text(encoding="utf-8"))
    del data["questions"][1]["source"]
    bank.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    line = next(n for n, text in enumerate(bank.read_text().splitlines(), 1) if "id: cognito-fx-verify" in text)
    with pytest.raises(SiteDataError) as err:
        load_bank(bank)
    message = str(err.value)
    assert "cognito.yml" in message and "cognito-fx-verify" in message and "source" in message, message
    assert f"line {line}" in message, message
    assert "Fix:" in message, message


# --- Jinja-like text in code -----------------------------------------------------------------------

RAW_PAGE = """# Raw

The verification message template of a user pool must hold Cognito's code placeholder:

{% raw %}
```text
Your code is {####}. Templates may also hold {{ username }} and {% if x %}.
```
{% endraw %}

Inline too: {% raw %}`{####}`{% endraw %}.
"""


def tiny_project(folder: Path, page: str) -> Path:
    """One page under this site's theme, overrides, macros settings and page-check hook:
    builds in a second or two."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text(page, encoding="utf-8")
    config = {
        "site_name": "tiny",
        "theme": {"name": "material", "custom_dir": str(ROOT / "docs" / "_overrides"), "font": False},
        "markdown_extensions": ["pymdownx.superfences", "pymdownx.highlight"],
        "hooks": [str(ROOT / "hooks" / "page_checks.py")],
        "plugins": [{"macros": {"on_error_fail": True, "on_undefined": "strict"}}],
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return folder


@pytest.mark.slow
def test_jinja_like_text_wrapped_in_raw_renders_literally(tmp_path):
    project = tiny_project(tmp_path / "tiny", RAW_PAGE)
    result = mkdocs_build(project, tmp_path / "out", fast=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    html = read_page(tmp_path / "out" / "index.html")
    code = " ".join(c.get_text() for c in html.select("article code"))
    assert "Your code is {####}. Templates may also hold {{ username }} and {% if x %}." in code, code
    assert "{% raw %}" not in code and code.count("{####}") == 2, code


@pytest.mark.slow
def test_a_placeholder_in_code_outside_raw_stops_the_build(minimal_copy):
    """Unwrapped, Cognito's {####} would be a Jinja comment: it would vanish without a word."""
    page = minimal_copy / "docs" / "how-to-study.md"
    line = append(page, "\n```text\nYour verification code is {####}.\n```\n") + 2
    build_fails(minimal_copy, f"docs/how-to-study.md:{line}", "Jinja syntax in code", "{####}", "Fix:", "{% raw %}")


@pytest.mark.slow
def test_an_expression_in_code_outside_raw_stops_the_strict_build(minimal_copy):
    page = minimal_copy / "docs" / "kms" / "index.md"
    line = append(page, "\n```python\nprint(f'{{ x }}')\n```\n") + 2
    build_fails(minimal_copy, f"docs/kms/index.md:{line}", "{{ x }}", "Fix:", "{% raw %}")


def test_the_code_check_reads_fences_spans_and_raw():
    hook = load_hook("page_checks")
    found = lambda text: [n for n, _ in hook.jinja_in_code(text)]  # noqa: E731
    assert found("```\n{{ x }}\n```") == [2]
    assert found("~~~\n{# note #}\n~~~") == [2]
    assert found("Text `{####}` here.") == [1]
    assert found("````\n```\n{% if %}\n```\n````") == [3]
    assert found("{% raw %}\n```\n{####}\n```\n{% endraw %}") == []
    assert found('```json\n{% raw %}{"a": "{{x}}"}{% endraw %}\n```') == []
    assert found("Prose with {{ cite('kms-overview') }} and `code`.") == []
    assert found('```json\n{"a": {"b": 1}}\n```') == []


# --- an empty page -------------------------------------------------------------------------------


@pytest.mark.slow
def test_an_empty_page_in_the_nav_stops_the_build(minimal_copy):
    (minimal_copy / "docs" / "kms" / "empty.md").write_text("# Nothing yet\n\n", encoding="utf-8")
    config = minimal_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = re.search(r"^(\s*)- KMS access control: kms/access-control\.md\n", text, re.M)
    assert anchor, "fixture drift: the KMS access control nav entry moved"
    config.write_text(
        text[: anchor.end()] + f"{anchor.group(1)}- Empty: kms/empty.md\n" + text[anchor.end() :], encoding="utf-8"
    )
    build_fails(minimal_copy, "docs/kms/empty.md", "the page is empty", "Fix:", "nav")


# --- .ci/build-site: all or nothing ----------------------------------------------------------------


@pytest.mark.slow
def test_a_failed_build_leaves_the_last_good_site_and_no_temporary_folder(minimal_copy, tmp_path):
    # The failure comes late, while pages are being written: an inline script the
    # Content-Security-Policy would not allow (hooks/csp.py refuses it).
    append(minimal_copy / "docs" / "how-to-study.md", '\n<script>console.log("not allowed")</script>\n')
    out = tmp_path / "published"
    site = out / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("the last good site", encoding="utf-8")
    result = subprocess.run(
        [str(minimal_copy / ".ci" / "build-site"), str(site)],
        cwd=minimal_copy,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert "docs/how-to-study.md" in output and "inline <script>" in output, output[-3000:]
    assert sorted(p.name for p in out.iterdir()) == ["site"], f"left behind: {sorted(p.name for p in out.iterdir())}"
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the last good site"

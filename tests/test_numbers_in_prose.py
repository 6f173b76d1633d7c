"""Every number with a unit that a reader sees comes from docs/_data/facts.yml: a page's prose, its
front matter (objectives, exam traps) and the then-and-now notes state such numbers only through
{{ fact("id") }}, so a value is written once and the facts tests and the drift report watch it.
A short allow-list, each entry with its reason, covers what is not a fact."""

from __future__ import annotations

import re

import pytest

from macros.data import read_yaml
from tests.support import ROOT

UNIT = (
    r"(?:bytes?|KB|MB|GB|seconds?|minutes?|hours?|days?|weeks?|months?|years?|requests? per second|per ?cent|percent|%)"
)
NUMBER = (
    r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|sixty|ninety)"
)
NUMBER_WITH_UNIT = re.compile(rf"(?<![\w.-]){NUMBER}(?:\s|-)*{UNIT}(?![\w-])", re.I)

# (file, the text found): numbers that are not facts about AWS.
ALLOWED = {
    # A study plan's pacing, not an AWS value.
    ("docs/how-to-study.md", "20 minutes"),
    ("docs/how-to-study.md", "10 minutes"),
    ("docs/how-to-study.md", "two days"),
    ("docs/how-to-study.md", "one day"),
    ("docs/how-to-study.md", "two-week"),
    # The mock exam's own timer announcements: how this site behaves, not an AWS value.
    ("docs/review/mock-exam.md", "five minutes"),
}


def prose(text: str) -> str:
    """The words a reader sees: code blocks and {% raw %} blocks blanked, fact() calls removed,
    other macro calls replaced by their string arguments (they print them), line numbers kept."""
    text = re.sub(r"\{%\s*raw\s*%\}.*?\{%\s*endraw\s*%\}", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    # Comments never reach the reader: YAML ones in the front matter, Jinja's and HTML's anywhere.
    front = re.match(r"---\n.*?\n---\n", text, flags=re.S)
    if front:
        text = re.sub(r"(?m)^\s*#.*$", "", front.group(0)) + text[front.end() :]
    text = re.sub(r"\{#.*?#\}|<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"^(```|~~~).*?^\1", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S | re.M)
    text = re.sub(
        r"""\{\{\s*fact\([^)]*\)\s*\}\}|fact\(\s*["'][a-z0-9-]+["'](?:\s*,\s*["'][a-z]+["'])?\s*\)""", " ", text
    )
    return re.sub(
        r"\{\{.*?\}\}",
        lambda m: " ".join(re.findall(r'"([^"]*)"', m.group(0))) + "\n" * m.group(0).count("\n"),
        text,
        flags=re.S,
    )


def numbers_with_units(text: str) -> list[tuple[int, str]]:
    return [
        (n, m.group(0))
        for n, line in enumerate(prose(text).splitlines(), start=1)
        for m in NUMBER_WITH_UNIT.finditer(line)
    ]


def pages() -> list[str]:
    return sorted(
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "docs").rglob("*.md")
        if not p.relative_to(ROOT / "docs").parts[0].startswith("_")
    )


@pytest.mark.parametrize("page", pages())
def test_a_page_states_numbers_with_units_only_through_fact(page):
    found = [
        f"{page}:{n}: {text!r}"
        for n, text in numbers_with_units((ROOT / page).read_text(encoding="utf-8"))
        if (page, text) not in ALLOWED
    ]
    assert not found, (
        "write these through {{ fact('id') }} (add the fact to docs/_data/facts.yml), or allow-list them with a reason in this file:\n"
        + "\n".join(found)
    )


def test_then_and_now_notes_state_numbers_only_through_fact():
    path = ROOT / "docs" / "_data" / "then-and-now.yml"
    found = []
    for note in read_yaml(path)["notes"]:
        for field in ("then", "now"):
            found += [f"{note['id']}.{field}: {text!r}" for _, text in numbers_with_units(note[field])]
    assert not found, f"{path.relative_to(ROOT)}: write these through {{{{ fact('id') }}}}:\n" + "\n".join(found)


def test_the_check_finds_planted_numbers_in_prose_notes_and_front_matter():
    assert numbers_with_units("Tokens last 1 hour by default.\n") == [(1, "1 hour")]
    assert numbers_with_units('Encrypt takes 4,096 bytes.\n{{ then_and_now(then="every three years") }}') == [
        (1, "4,096 bytes"),
        (2, "three years"),
    ]
    assert numbers_with_units("---\ntraps:\n  - A trigger has 5 seconds.\n---\n") == [(3, "5 seconds")]
    assert (
        numbers_with_units('Encrypt takes {{ fact("kms-encrypt-max-bytes") }}; version 1.44.8; AES-256; SHA-256.') == []
    )
    assert numbers_with_units("```\nsleep 30 seconds\n```\n") == []

"""The facts file: every fact loads, cites the registry, and each model-backed fact agrees with
the pinned botocore's API models; the check fails, naming the fact and its pages, on a bad value."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.facts import Fact, load_facts

ROOT = Path(__file__).resolve().parent.parent
FACT_CALL = re.compile(r"""fact\(\s*["']([a-z0-9-]+)["']""")


def pages_using(fid: str) -> list[str]:
    found = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            if fid in FACT_CALL.findall(line):
                found.append(f"{page.relative_to(ROOT)}:{n}")
    return found


def disagreements(facts: list[Fact]) -> list[str]:
    problems = []
    for f in facts:
        problem = f.model_disagreement()
        if problem:
            problems.append(
                f"fact '{f.id}' (used in {', '.join(pages_using(f.id)) or 'no page yet'}): docs/_data/facts.yml says {f.value!r}; "
                f"{f.model.describe()}: {problem}"
            )
    return problems


def test_model_backed_facts_agree_with_the_pinned_api_models():
    problems = disagreements(load_facts().facts)
    assert not problems, "\n".join(problems)


def test_a_planted_wrong_value_is_reported_with_its_fact_and_pages():
    good = load_facts().get("kms-encrypt-max-bytes")
    planted = good.model_copy(update={"value": 8192})
    [message] = disagreements([planted])
    assert "kms-encrypt-max-bytes" in message and "8192" in message and "4096" in message
    assert "docs/kms/" in message or "no page yet" in message


def test_a_reference_to_a_missing_member_is_reported():
    good = load_facts().get("kms-encrypt-max-bytes")
    planted = good.model_copy(update={"model": good.model.model_copy(update={"member": "NoSuchMember"})})
    [message] = disagreements([planted])
    assert "has no member 'NoSuchMember'" in message


@pytest.mark.parametrize(
    ("value", "unit", "form", "text"),
    [(4096, "bytes", "full", "4,096 bytes"), (4096, "bytes", "number", "4,096"), (1, "days", "full", "1 day"), (26, "percent", "full", "26%")],
)
def test_facts_print_as_prose(value, unit, form, text):
    f = Fact(id="x-y", value=value, unit=unit, claim="a claim for the test", source="kms-api-encrypt")
    assert f.text(form) == text

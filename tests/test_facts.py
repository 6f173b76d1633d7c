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
    [
        (4096, "bytes", "full", "4,096 bytes"),
        (4096, "bytes", "number", "4,096"),
        (1, "days", "full", "1 day"),
        (26, "percent", "full", "26%"),
    ],
)
def test_facts_print_as_prose(value, unit, form, text):
    f = Fact(id="x-y", value=value, unit=unit, claim="a claim for the test", source="kms-api-encrypt")
    assert f.text(form) == text


def test_subset_facts_of_key_specs_are_listed_in_the_model_checked_key_specs():
    facts = load_facts()
    specs = set(facts.get("kms-key-specs").value)
    for fid in ("kms-key-spec-ml-dsa", "kms-key-spec-ml-kem", "route53-dnssec-key-spec"):
        value = facts.get(fid).value
        assert set(value if isinstance(value, list) else [value]) <= specs, fid


def test_the_kms_region_holds_enough_facts_and_most_are_model_backed():
    text = (ROOT / "docs/_data/facts.yml").read_text(encoding="utf-8")
    kms_region = text.split("Cognito, Cognito Sync, security review")[0]
    ids = re.findall(r"^  - id: ([a-z0-9-]+)", kms_region, flags=re.M)
    facts = load_facts()
    backed = [fid for fid in ids if facts.get(fid).model is not None]
    assert len(ids) >= 45 and len(backed) >= 25, (len(ids), len(backed))


# --- questions state the facts they rely on ------------------------------------------------------


def unstated(questions) -> list[str]:
    """The loader's own rule (macros/quiz_bank.py _fact_problem), one message per question whose
    listed fact's current value its text omits."""
    from macros.quiz_bank import _fact_problem

    return [problem[0] for q in questions if (problem := _fact_problem(q))]


def test_each_question_states_the_current_value_of_the_facts_it_lists():
    from macros.quiz_bank import load_banks

    questions = load_banks().questions()
    assert not unstated(questions)
    assert sum(bool(q.facts) for q in questions) >= 10, "questions should list the facts they rely on"


def test_a_question_whose_fact_changed_is_reported():
    from macros.quiz_bank import Question

    facts = load_facts()
    q = Question.model_validate(
        {
            "id": "kms-x",
            "task": "2.2",
            "difficulty": "recall",
            "prompt": "How much plaintext can Encrypt take? It takes 4,096 bytes or less.",
            "choices": [
                {"text": "4,096 bytes", "why": "The documented maximum."},
                {"text": "8,192 bytes", "why": "Twice the documented maximum."},
            ],
            "answer": 0,
            "explanation": "Encrypt stops at the documented maximum.",
            "source": "kms-api-encrypt",
            "facts": ["kms-encrypt-max-bytes"],
        }
    )
    assert unstated([q]) == []
    changed = facts.get("kms-encrypt-max-bytes").model_copy(update={"value": 8193})
    facts._by_id["kms-encrypt-max-bytes"] = changed
    try:
        [message] = unstated([q])
    finally:
        facts._by_id["kms-encrypt-max-bytes"] = facts.get("kms-encrypt-max-bytes").model_copy(update={"value": 4096})
    assert "kms-x" in message and "kms-encrypt-max-bytes" in message and "8,193" in message

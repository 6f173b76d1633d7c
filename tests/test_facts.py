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


# --- KMS pages: numbers come from the facts file ------------------------------------------------

KMS_PAGES = ["docs/kms/index.md", "docs/kms/access-control.md", "docs/kms/encryption-at-rest.md", "docs/kms/key-management.md"]
UNIT = r"(?:bytes?|KB|MB|GB|seconds?|minutes?|hours?|days?|weeks?|months?|years?|requests? per second|per ?cent|%)"
NUMBER = r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
NUMBER_WITH_UNIT = re.compile(rf"\b{NUMBER}[\s-]*{UNIT}(?![a-z])", re.I)


def prose_without_facts(text: str) -> str:
    """The page as a reader sees its words: raw blocks dropped, each macro call replaced by its
    string arguments (a then_and_now note is prose too), so only fact() calls hide numbers."""
    text = re.sub(r"\{%\s*raw\s*%\}.*?\{%\s*endraw\s*%\}", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return re.sub(r"\{\{.*?\}\}", lambda m: " ".join(re.findall(r'"([^"]*)"', m.group(0))) + "\n" * m.group(0).count("\n"), text, flags=re.S)


def numbers_with_units(text: str) -> list[str]:
    return [f"{n}: {m.group(0)!r}" for n, line in enumerate(prose_without_facts(text).splitlines(), start=1) for m in NUMBER_WITH_UNIT.finditer(line)]


@pytest.mark.parametrize("page", KMS_PAGES)
def test_kms_pages_state_numbers_with_units_only_through_fact(page):
    found = numbers_with_units((ROOT / page).read_text(encoding="utf-8"))
    assert not found, f"{page}: write these through {{{{ fact('...') }}}} (add the fact to docs/_data/facts.yml):\n" + "\n".join(found)


def test_the_unit_check_catches_a_bare_number_also_inside_a_note():
    assert numbers_with_units('Encrypt takes 4,096 bytes.\n{{ then_and_now(then="every three years") }}') == ["1: '4,096 bytes'", "2: 'three years'"]
    assert numbers_with_units('Encrypt takes {{ fact("kms-encrypt-max-bytes") }}.') == []


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

"""The Cognito, Cognito Sync and security review pages state numbers only through fact(): no
number with a unit is left in their prose, macro arguments included; and the examples' numbers
agree with the facts file."""

from __future__ import annotations

import importlib.util
import re

import pytest

from macros.facts import load_facts
from tests.support import ROOT

PAGES = ["cognito/index.md", "cognito/security.md", "cognito/tokens-and-flows.md", "cognito-sync/index.md", "security-review/index.md"]
UNITS = r"(?:bytes?|KB|MB|GB|seconds?|minutes?|hours?|days?|years?|requests per second|per ?cent|percent|%)"
NUMBER_WITH_UNIT = re.compile(
    rf"\b\d[\d,.]*(?:\s|-)?{UNITS}(?![\w-])|\b(?:one|two|three|five|ten|twelve|fifteen|twenty|thirty|sixty)[\s-]+{UNITS}\b", re.I
)


def stray_numbers(text: str) -> list[str]:
    found = []
    in_code = False
    for n, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        # fact() calls print numbers from the facts file; everything else on the line is prose.
        prose = re.sub(r"""fact\(\s*["'][a-z0-9-]+["'](?:\s*,\s*["'][a-z]+["'])?\s*\)""", "", line)
        found += [f"{n}: {m.group(0)!r}" for m in NUMBER_WITH_UNIT.finditer(prose)]
    return found


@pytest.mark.parametrize("page", PAGES)
def test_no_number_with_a_unit_outside_fact(page):
    stray = stray_numbers((ROOT / "docs" / page).read_text(encoding="utf-8"))
    assert not stray, f"docs/{page}: write these through {{{{ fact('id') }}}} (docs/_data/facts.yml): {stray}"


def test_the_check_finds_a_planted_number():
    assert stray_numbers("Tokens last 1 hour by default.\n") == ["1: '1 hour'"]
    assert stray_numbers('{{ then_and_now(now="valid for ten minutes") }}\n') == ["1: 'ten minutes'"]
    assert stray_numbers('Valid for {{ fact("cognito-openid-token-minutes") }}.\n') == []


def load_example(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "docs" / "_examples" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_sync_example_uses_the_documented_inline_limit():
    facts = load_facts()
    example = load_example("sync_to_stream")
    assert example.INLINE_LIMIT == facts.get("sync-streams-inline-max-kb").value * 1024
    assert f"{facts.get('sync-trigger-timeout-seconds').value}-second" in example.__doc__


def test_the_cognito_example_prints_the_default_access_token_lifetime():
    source = (ROOT / "docs" / "_examples" / "cognito_auth.py").read_text(encoding="utf-8")
    assert f"Bearer {load_facts().get('cognito-expires-in-seconds').value}" in source

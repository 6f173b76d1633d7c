"""The Cognito examples' numbers agree with the facts file (the pages' numbers are checked for
every page by tests/test_numbers_in_prose.py)."""

from __future__ import annotations

import importlib.util

from macros.facts import load_facts
from tests.support import ROOT


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

"""Executable examples. Placeholder until the examples feature lands (issue 6)."""

from __future__ import annotations

from typing import Any


def register(env: Any) -> None:
    @env.macro
    def example(name: str) -> str:
        return f'<p class="example-pending">Example <code>{name}</code> is being written.</p>\n'

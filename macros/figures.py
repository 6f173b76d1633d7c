"""Diagram figures. Placeholder until the executable-diagrams feature lands (issue 4)."""

from __future__ import annotations

from typing import Any


def register(env: Any) -> None:
    @env.macro
    def diagram(name: str) -> str:
        return f'<p class="diagram-pending">Diagram <code>{name}</code> is being drawn.</p>\n'

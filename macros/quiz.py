"""Question sheets. Placeholder until the question-sheet feature lands (issue 5)."""

from __future__ import annotations

from typing import Any


def register(env: Any) -> None:
    @env.macro
    def quiz(section: str) -> str:
        return f'## Question sheet\n\n<p class="quiz-pending">The question sheet for <code>{section}</code> is being written.</p>\n'

"""Item-writing quality of the question banks: what a reader who never reads the question would
score with the naive strategies the item checks bound (macros/item_checks.py)."""

from __future__ import annotations

from macros import item_checks
from macros.quiz_bank import load_banks

from .common import Figure, verdict


def bench_items() -> list[Figure]:
    report = item_checks.check(load_banks())
    budget = item_checks.MAX_NAIVE_STRATEGY_SCORE
    figures = []
    for name, scores in (
        ("always pick the longest option", report.longest),
        ("always pick the shortest option", report.shortest),
        ("pick the option sharing most words with the stem", report.overlap),
        ("pick the option that alone repeats stem words", report.echo),
    ):
        score = scores["all"]
        worst = max((s for bank, s in scores.items() if bank != "all"), default=0.0)
        figures.append(
            Figure(
                f"naive strategy: {name}",
                round(100 * score, 1),
                "%",
                1,
                f"<= {100 * budget:.0f} %",
                verdict(score, budget),
                note=f"worst bank {100 * worst:.0f} %; chance is about 25 %",
                detail={k: round(v, 3) for k, v in scores.items()},
            )
        )
    return figures

"""The exam-guide coverage matrix: for every DVA-C02 Domain 2 bullet (docs/_data/exam.yml), the
page sections that teach it (pages' front matter `teaches:`, macros/exam.py) and the questions
that test it (questions' `covers:`, macros/quiz_bank.py).

`{{ coverage_matrix() }}` renders it on review/coverage.md through the template
partials/guide/coverage.md. With `require_full_coverage: true` in exam.yml the same macro stops
the build while a bullet is taught nowhere or has fewer than MIN_QUESTIONS_PER_BULLET questions,
naming each bullet and the fix. The counting is plain functions, so the tests can run it on
made-up data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import SiteDataError
from .exam import MIN_QUESTIONS_PER_BULLET, Bullet, ExamGuide, Teaching, load_exam_guide, load_teachings
from .quiz_bank import NO_TASK, Question, load_banks
from .registry import load_registry
from .templates import render

EXAM_FILE = "docs/_data/exam.yml"


@dataclass
class BulletCoverage:
    bullet: Bullet
    sections: list[Teaching] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)

    @property
    def taught(self) -> bool:
        return bool(self.sections)

    @property
    def count(self) -> int:
        return len(self.questions)

    def gaps(self, minimum: int = MIN_QUESTIONS_PER_BULLET) -> list[str]:
        """What this bullet lacks, as fixes a writer can act on; [] when it is covered."""
        b = self.bullet
        found = []
        if not self.taught:
            found.append(
                f"bullet {b.id} ({b.text}) is taught by no page section. Fix: add '- {b.id}#<heading-anchor>' to "
                "'teaches:' in the front matter of the page whose section explains it"
            )
        if self.count < minimum:
            have = f"{self.count} question" + ("" if self.count == 1 else "s")
            found.append(
                f"bullet {b.id} ({b.text}) is tested by {have}, fewer than {minimum}. Fix: add "
                f'covers: ["{b.id}"] to questions of task {b.task} that test it (docs/_data/questions/<section>.yml), '
                "or write such questions"
            )
        return found


def coverage(guide: ExamGuide, teachings: list[Teaching], questions: list[Question]) -> list[BulletCoverage]:
    """One row per bullet, in exam.yml's order, with the sections and questions that name it.
    A section or question that names a bullet twice counts once."""
    rows = {b.id: BulletCoverage(b) for b in guide.bullets}
    for t in teachings:
        if t.bullet not in rows:
            raise SiteDataError(
                f"docs/{t.page}",
                f"'teaches:' names unknown exam-guide bullet '{t.bullet}'",
                f"use a bullet id from {EXAM_FILE} (bullets:)",
            )
        if not any((s.page, s.anchor) == (t.page, t.anchor) for s in rows[t.bullet].sections):
            rows[t.bullet].sections.append(t)
    for q in questions:
        if q.task == NO_TASK:
            continue
        for bid in dict.fromkeys(q.covers):
            if bid not in rows:
                raise SiteDataError(
                    f"question '{q.id}'",
                    f"covers unknown exam-guide bullet '{bid}'",
                    f"use a bullet id from {EXAM_FILE} (bullets:)",
                )
            rows[bid].questions.append(q)
    return list(rows.values())


def gaps(rows: list[BulletCoverage], minimum: int = MIN_QUESTIONS_PER_BULLET) -> list[str]:
    return [g for row in rows for g in row.gaps(minimum)]


def enforce(guide: ExamGuide, rows: list[BulletCoverage], minimum: int = MIN_QUESTIONS_PER_BULLET) -> None:
    """Stop the build on any gap when exam.yml says require_full_coverage: true."""
    if not guide.require_full_coverage:
        return
    found = gaps(rows, minimum)
    if found:
        raise SiteDataError(
            EXAM_FILE,
            f"require_full_coverage is true, but {len(found)} coverage gap(s) remain:\n    " + "\n    ".join(found),
            "close each gap as its line says, or set require_full_coverage: false at the top of docs/_data/exam.yml while the pages and banks are written",
        )


def current() -> tuple[ExamGuide, list[BulletCoverage]]:
    guide = load_exam_guide()
    return guide, coverage(guide, load_teachings(), load_banks().questions())


def register(env: Any) -> None:
    from .pages import nav_titles, page_link, where

    @env.macro
    def coverage_matrix() -> str:
        """Per DVA-C02 task: each bullet with the sections that teach it and the questions that
        test it, then each question with the bullets it tests."""
        guide, rows = current()
        enforce(guide, rows)
        banks = load_banks()
        sections = {s.id: s for s in load_registry().sections}
        number = {q.id: n for s in banks.sections for n, q in enumerate(banks.questions(s), start=1)}
        bullet_by_id = {b.id: b for b in guide.bullets}
        # Pages go by their names in mkdocs.yml's nav, as in the site's menu.
        titles = nav_titles(env.conf.get("nav") or [])

        def question_link(q: Question) -> dict:
            sec = sections[q.section]
            title = titles.get(sec.page, sec.title)
            return {
                "id": q.id,
                "number": number[q.id],
                "section": title,
                "href": page_link(env, f"{sec.page}#quiz-{q.id}"),
            }

        def grouped(questions: list[Question]) -> list[dict]:
            groups: dict[str, dict] = {}
            for q in questions:
                link = question_link(q)
                groups.setdefault(q.section, {"section": link["section"], "links": []})["links"].append(link)
            return list(groups.values())

        tasks = []
        for task in guide.tasks:
            task_rows = [r for r in rows if r.bullet.task == task.id]
            if not task_rows:
                continue
            task_questions = [q for s in banks.sections for q in banks.questions(s) if q.task == task.id]
            tasks.append(
                {
                    "id": task.id,
                    "anchor": "task-" + task.id.replace(".", "-"),
                    "title": task.title,
                    "rows": [
                        {
                            "bullet": r.bullet,
                            "sections": [
                                {
                                    "label": f"{titles.get(t.page, t.page_title)} \u203a {t.heading}",
                                    "href": page_link(env, f"{t.page}#{t.anchor}"),
                                }
                                for t in r.sections
                            ],
                            "groups": grouped(r.questions),
                            "count": r.count,
                            "taught": r.taught,
                            "ok": not r.gaps(),
                        }
                        for r in task_rows
                    ],
                    "questions": [
                        {**question_link(q), "covers": [bullet_by_id[b] for b in dict.fromkeys(q.covers)]}
                        for q in task_questions
                    ],
                }
            )
        if not tasks:
            raise SiteDataError(
                where(env),
                "coverage_matrix(): docs/_data/exam.yml lists no bullets",
                "add the exam guide's bullets under 'bullets:'",
            )
        summary = {
            "bullets": len(rows),
            "taught": sum(r.taught for r in rows),
            "tested": sum(r.count >= MIN_QUESTIONS_PER_BULLET for r in rows),
            "covered": sum(not r.gaps() for r in rows),
        }
        return (
            str(
                render(
                    "coverage.md",
                    tasks=tasks,
                    summary=summary,
                    minimum=MIN_QUESTIONS_PER_BULLET,
                    enforced=guide.require_full_coverage,
                )
            )
            + "\n"
        )

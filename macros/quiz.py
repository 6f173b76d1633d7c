"""Question sheets on the page: `quiz(section)`, `mixed_review()`, `answer_key()` and
`quiz_stats()`. The banks, their schema and checks live in quiz_bank.py.

Every question is rendered as a complete, readable form on the server: native inputs work by
keyboard, and without JavaScript the answer sits in a <details> block. quiz.js only adds
checking, progress and shuffling on top. Everything from the banks is escaped."""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from markupsafe import Markup, escape

from .errors import SiteDataError
from .exam import load_exam_guide
from .pages import page_link, where
from .quiz_bank import DIFFICULTY, LETTERS, NO_TASK, Bank, Banks, Question, load_banks, proof_line
from .registry import load_registry
from .report import question_report_url
from .templates import md_text, render, template

__all__ = ["Question", "Bank", "Banks", "load_banks", "register", "inline"]

_BACKTICKS = re.compile(r"`([^`\n]+)`")
NO_TASK_LABEL = "Outside the DVA-C02 tasks"
# The mixed review's questions live in one file per section, which the page fetches when the
# reader starts (hooks/question_files.py writes them): its own HTML stays small.
QUESTION_FILES_DIR = "assets/questions"
REVIEW_PAGE = "docs/review/index.md"


def inline(text: str) -> Markup:
    """Bank text as HTML: escape first, then turn `code` spans into <code> (safe, since the
    escaped text can no longer contain a tag)."""
    return Markup(_BACKTICKS.sub(r"<code>\1</code>", str(escape(" ".join(text.split())))))


def source_link(q: Question, context: str) -> tuple[str, str]:
    """(url, title) of the registry resource that settles the answer."""
    r = load_registry().get(q.source_id, context)
    return r.url + (f"#{q.source_anchor}" if q.source_anchor else ""), r.title


def proof_url(repo_url: str, q: Question) -> str:
    line = proof_line(q)
    return f"{repo_url.rstrip('/')}/blob/main/{q.proof_file}" + (f"#L{line}" if line else "")


def task_label(task: str) -> str:
    return f"Task {task}" if task != NO_TASK else NO_TASK_LABEL


# The review files (hooks/question_files.py) and the section sheets show the same forms, which
# differ only in the report link (it names the page). So each form is rendered once per change
# of its question, with this mark where the link goes (autoescape leaves it as it is); the form
# must hold it exactly once.
_REPORT_LINK = "\ue000report-link\ue000"
# q.id -> ((the Question, its template, number, repo_url), the form with the mark): one entry a
# question. The banks load anew when a bank, the registry or a proof changes, and the template
# is a new object once its file changed, so `mkdocs serve` never shows a stale form.
_forms: dict[str, tuple[tuple, str]] = {}


def render_question(q: Question, number: int, repo_url: str | None, context: str) -> str:
    tmpl = template("question.html")
    cached = _forms.get(q.id)
    # Identity, not equality: an equal question from reloaded banks may cite a changed resource.
    if cached is None or not (cached[0][0] is q and cached[0][1] is tmpl and cached[0][2:] == (number, repo_url)):
        cached = ((q, tmpl, number, repo_url), _render_form(q, number, repo_url, context))
        _forms[q.id] = cached
    # escape() is what autoescape applies to the value in the template.
    return cached[1].replace(_REPORT_LINK, str(escape(question_report_url(repo_url, q.id, context))))


def _render_form(q: Question, number: int, repo_url: str | None, context: str) -> str:
    url, title = source_link(q, context)
    proof = None
    if q.proof:
        if not repo_url:
            raise SiteDataError(
                "mkdocs.yml",
                "repo_url is not set, so 'Answer checked by code' cannot link to the proof",
                "set repo_url in mkdocs.yml",
            )
        proof = proof_url(repo_url, q)
    form = str(
        render(
            "question.html",
            q=q,
            number=number,
            kind="checkbox" if q.multi else "radio",
            multi=q.multi,
            letters=LETTERS,
            key_letters=q.letters,
            task_label=task_label(q.task),
            prompt=inline(q.prompt),
            choices=[{"text": inline(c.text), "why": inline(c.why)} for c in q.choices],
            explanation=inline(q.explanation),
            source_url=url,
            source_title=title,
            proof_url=proof,
            report_url=_REPORT_LINK,
        )
    )
    if form.count(_REPORT_LINK) != 1:
        raise SiteDataError(
            f"question {q.id}",
            f"its form holds the report-link mark {form.count(_REPORT_LINK)} times, not once",
            "keep one {{ report_url }} in partials/guide/question.html, and U+E000 out of the bank",
        )
    return form


@dataclass(frozen=True)
class QuestionFile:
    section: str
    path: str  # below the site root; its name carries a hash of its content, so a cache never mixes versions
    html: str


_question_files: dict[tuple, tuple[Banks, list[QuestionFile]]] = {}


def question_files(repo_url: str | None) -> list[QuestionFile]:
    """One file per section holding its questions as forms (template question-file.html, the same
    question.html as every sheet), in bank order; once per change of the banks."""
    banks = load_banks()
    key = (id(banks), repo_url)
    if key in _question_files and _question_files[key][0] is banks:
        return _question_files[key][1]
    titles = {s.id: s.title for s in load_registry().sections}
    files = []
    for section in banks.sections:
        forms = Markup(
            "\n".join(
                render_question(q, n, repo_url, REVIEW_PAGE) for n, q in enumerate(banks.questions(section), start=1)
            )
        )
        html = str(render("question-file.html", section=section, title=titles[section], forms=forms)) + "\n"
        digest = hashlib.sha256(html.encode("utf-8")).hexdigest()[:10]
        files.append(QuestionFile(section, f"{QUESTION_FILES_DIR}/{section}.{digest}.html", html))
    _question_files.clear()
    _question_files[key] = (banks, files)
    return files


def interleave(banks: Banks) -> list[Question]:
    """Round robin across sections: the order a reader without JavaScript sees is mixed too."""
    columns = [banks.questions(s) for s in banks.sections]
    return [q for row in zip_longest(*columns) for q in row if q is not None]


def register(env: Any) -> None:
    def repo_url() -> str | None:
        return env.conf.get("repo_url")

    def sections():
        return load_registry().sections

    @env.macro
    def quiz(section: str) -> str:
        """'## Question sheet' and the section's questions as forms."""
        known = {s.id for s in sections()}
        if section not in known:
            raise SiteDataError(
                where(env), f"quiz('{section}') names an unknown section", f"use one of: {', '.join(sorted(known))}"
            )
        heading = "## Question sheet {#question-sheet}\n\n"
        questions = load_banks().questions(section)
        if not questions:
            return (
                heading
                + f'<p class="quiz-pending">The question sheet for this section is being written (docs/_data/questions/{escape(section)}.yml).</p>\n'
            )
        return heading + sheet("sheet", questions, section)

    def sheet(scope: str, questions, section: str | None = None, sources: list[str] | None = None) -> str:
        """One sheet: the intro, a numbered form per question, and the score toolbar. With
        `sources` (the mixed review) the forms are not in the page: quiz.js fetches those files."""
        forms = Markup(
            ""
            if sources
            else "\n".join(render_question(q, n, repo_url(), where(env)) for n, q in enumerate(questions, start=1))
        )
        return (
            str(
                render(
                    "sheet.html",
                    scope=scope,
                    section=section,
                    count=len(questions),
                    forms=forms,
                    sources=sources or [],
                    difficulties=list(DIFFICULTY),
                )
            )
            + "\n"
        )

    def site_url_of(path: str) -> str:
        """A file below the site root as a URL relative to the current page's HTML."""
        file = env.page.file if getattr(env, "page", None) else None
        here = posixpath.dirname(getattr(file, "dest_uri", None) or file.src_uri) if file else ""
        return posixpath.relpath(path, here or ".")

    @env.macro
    def mixed_review() -> str:
        """Every question of every section, fetched by quiz.js from one file per section when the
        reader starts (or at once, when the address holds a seed); quiz.js interleaves them,
        reshuffles by the URL's seed, filters by section and task, and fills in the score per
        section. Without JavaScript the page links each section's sheet instead."""
        banks = load_banks()
        questions = interleave(banks)
        if not questions:
            return '<p class="quiz-pending">The question banks are being written.</p>\n'
        guide = {t.id: t.title for t in load_exam_guide().tasks}
        reg_sections = {s.id: s for s in sections()}
        section_options = [(sid, reg_sections[sid].title) for sid in banks.sections]
        tasks = sorted({q.task for q in questions}, key=lambda t: (t == NO_TASK, t))
        task_options = [(t, task_label(t) + (f": {guide[t]}" if t in guide else " (legacy)")) for t in tasks]
        difficulty_options = [(d, d) for d in DIFFICULTY]
        controls = (
            str(
                render(
                    "review-controls.html",
                    sections=section_options,
                    tasks=task_options,
                    difficulties=difficulty_options,
                )
            )
            + "\n"
        )
        sources = [site_url_of(f.path) for f in question_files(repo_url())]
        review = sheet("review", questions, sources=sources)
        fallback = str(
            render(
                "review-fallback.md",
                sections=[
                    {
                        "title": reg_sections[s].title,
                        "link": page_link(env, reg_sections[s].page + "#question-sheet"),
                        "count": len(banks.questions(s)),
                    }
                    for s in banks.sections
                ],
            )
        )
        rows = [
            "| Section | Correct | Checked | Questions |",
            "|---|---|---|---|",
        ]
        for s in banks.sections:
            sec = reg_sections[s]
            n = len(banks.questions(s))
            rows.append(
                f"| [{md_text(sec.title)}]({page_link(env, sec.page + '#question-sheet')}) "
                f'| <span data-score-correct="{escape(s)}">0</span> | <span data-score-checked="{escape(s)}">0</span> | {n} |'
            )
        scores = (
            '<div class="quiz-section-scores" markdown="1" hidden>\n'
            '<h2 id="score-per-section">Score per section</h2>\n\n'
            "A low score in a row tells you which question sheet to revisit.\n\n" + "\n".join(rows) + "\n\n</div>\n"
        )
        return controls + "\n" + review + "\n" + fallback + "\n" + scores

    @env.macro
    def answer_key(heading_level: int = 2) -> str:
        """Every question with its right letter(s), explanation and source, grouped by section
        and numbered as on the section's sheet: the printed handout's answer key."""
        banks = load_banks()
        reg_sections = {s.id: s for s in sections()}
        hashes = "#" * heading_level
        parts = []
        for s in banks.sections:
            items = []
            for q in banks.questions(s):
                url, title = source_link(q, where(env))
                items.append(
                    {
                        "q": q,
                        "prompt": inline(q.prompt),
                        "explanation": inline(q.explanation),
                        "url": url,
                        "title": title,
                    }
                )
            parts.append(
                f"{hashes} {md_text(reg_sections[s].title)} {{#answer-key-{s}}}\n\n"
                + str(render("answer-key.html", section=s, items=items))
                + "\n"
            )
        if not parts:
            return '<p class="quiz-pending">The question banks are being written.</p>\n'
        return "\n".join(parts)

    @env.macro
    def quiz_stats() -> str:
        """How many questions each section and each DVA-C02 task has (for the review page)."""
        banks = load_banks()
        guide = {t.id: t.title for t in load_exam_guide().tasks}
        lines = [
            "| Section | Questions | Recall | Apply | Multi-constraint | Answer checked by code |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for sec in sections():
            qs = banks.questions(sec.id)
            count = {d: sum(q.difficulty == d for q in qs) for d in DIFFICULTY}
            proofs = sum(q.proof is not None for q in qs)
            link = f"[{md_text(sec.title)}]({page_link(env, sec.page + '#question-sheet')})"
            lines.append(
                f"| {link} | {len(qs)} | {count['recall']} | {count['apply']} | {count['multi-constraint']} | {proofs} |"
            )
        all_qs = banks.questions()
        lines.append(
            f"| **All** | **{len(all_qs)}** | {sum(q.difficulty == 'recall' for q in all_qs)} | "
            f"{sum(q.difficulty == 'apply' for q in all_qs)} | {sum(q.difficulty == 'multi-constraint' for q in all_qs)} | "
            f"{sum(q.proof is not None for q in all_qs)} |"
        )
        lines += ["", "| DVA-C02 task | Questions |", "|---|---:|"]
        tasks = sorted({q.task for q in all_qs}, key=lambda t: (t == NO_TASK, t))
        out_of_scope = ", ".join(s.title for s in sections() if not s.tasks)
        for t in tasks:
            label = f"{t} {guide[t]}" if t in guide else f"{NO_TASK_LABEL} ({out_of_scope})"
            lines.append(f"| {md_text(label)} | {sum(q.task == t for q in all_qs)} |")
        return "\n".join(lines) + "\n"

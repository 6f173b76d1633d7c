"""The practice pages' macros: `mock_exam()`, `flashcards()`, `flashcards_print()` and
`cram_sheet()`. Their data comes from macros/practice.py; their markup from the templates
mock-exam.html, flashcards.html, cards-print.html and cram-sheet.html."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

import markdown
from markupsafe import Markup, escape

from .errors import SiteDataError
from .facts import load_facts
from .figures import known_diagrams, load_declaration
from .notes import load_notes
from .pages import where
from .practice import (
    DOCS,
    FACT_CALL,
    _fact_pages,
    cards_html,
    cards_payload,
    exam_blueprint,
    exam_questions,
    load_cards,
    load_pages,
    md_inline,
    resolve_macros,
    script_json,
)
from .quiz_bank import DIFFICULTY
from .templates import render

MOCK_LENGTHS = (10, 20, 40)
DEFAULT_LENGTH = 20
CARDS_PER_SHEET = 8
DOWNLOADS = "downloads/"
DECK_NAME = "dva-c02-security-flashcards"

_HEADING = re.compile(r"^(#{2,6})\s+(.*?)\s*(?:\{\s*#([A-Za-z0-9_-]+)[^}]*\})?\s*$")


def root_of(env: Any) -> str:
    """The site root relative to the current page's URL ("../../" from review/mock-exam/)."""
    url = env.page.url if getattr(env, "page", None) else ""
    depth = url.rstrip("/").count("/") + 1 if url.strip("/") else 0
    return "../" * depth


def slugify(text: str) -> str:
    """Python-Markdown's default heading id (toc extension)."""
    text = re.sub(r"\{\{.*?\}\}", "", text)
    text = re.sub(r"[`*_\[\]()]", "", text)
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def page_tables(src: str) -> list[tuple[str, str, list[str]]]:
    """(heading id, heading text, table lines) of every Markdown table on a page, outside code."""
    lines = (DOCS / src).read_text(encoding="utf-8").split("\n")
    found, heading, hid = [], "", ""
    in_front = lines[:1] == ["---"]
    fence = None
    i = 1 if in_front else 0
    if in_front:
        while i < len(lines) and lines[i] != "---":
            i += 1
        i += 1
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = None if fence and stripped.startswith(fence) else (fence or stripped[:3])
        elif fence is None:
            m = _HEADING.match(line)
            if m:
                heading, hid = m.group(2), m.group(3) or slugify(m.group(2))
            elif stripped.startswith("|") and i + 1 < len(lines) and re.match(r"^\s*\|?\s*:?-{3,}", lines[i + 1]):
                block = []
                while i < len(lines) and lines[i].strip().startswith("|"):
                    block.append(lines[i].strip())
                    i += 1
                found.append((hid, heading, block))
                continue
        i += 1
    return found


def table_html(lines: list[str], where_: str) -> Markup:
    text = resolve_macros_lines(lines, where_)
    html = markdown.markdown(text, extensions=["tables"])
    html = re.sub(r"\s*style=\"[^\"]*\"", "", html)  # alignment styles would need CSP hashes
    return Markup(re.sub(r"\n\s*\n", "\n", html))


def resolve_macros_lines(lines: list[str], where_: str) -> str:
    out = []
    facts = load_facts()
    for line in lines:
        line = FACT_CALL.sub(lambda m: facts.get(m.group(1), where_).text(m.group(2) or "full"), line)
        line = re.sub(r"""\s*\{\{-?\s*cite\([^}]*\)\s*-?\}\}""", "", line)
        line = re.sub(r"\[([^\]]+)\]\([^)\s]+\)", r"\1", line)  # links keep their text
        if "{{" in line or "{%" in line:
            raise SiteDataError(
                where_,
                f"a table the cram sheet prints holds a macro it cannot run: {line[:80]!r}",
                "leave the table out with key_tables: [heading-ids] in the page's front matter",
            )
        if re.search(r"<[A-Za-z/!]", line):
            line = str(escape(line))  # raw HTML from a page is shown, never run
        out.append(line)
    return "\n".join(out)


def key_tables() -> list[tuple[str, str, Markup]]:
    """The comparison tables of every section page: all of them, or only those under the
    headings its front matter lists in `key_tables:` (heading ids; [] for none)."""
    found = []
    for page in load_pages():
        if not page.is_section_page:
            continue
        wanted = page.meta.get("key_tables")
        for hid, heading, lines in page_tables(page.src):
            if wanted is not None and hid not in wanted:
                continue
            found.append(
                (page.title, re.sub(r"\{\{.*?\}\}", "", heading).strip(" `"), table_html(lines, f"docs/{page.src}"))
            )
    return found


# The cram sheet prints the facts file's key numbers: limits, quotas, defaults and durations.
# Names, enum values and dates stay on the pages and the flashcards (12 pages hold no more).
NOT_KEY_NUMBERS = ("text", "date")


def cram_parts(files: Any) -> dict[str, Any]:
    from .practice import all_traps

    traps = [(p.title, [md_inline(t) for t in ts]) for p, ts in all_traps()]
    fact_pages = _fact_pages()
    groups: dict[str, list] = {}
    for f in load_facts().facts:
        if f.unit in NOT_KEY_NUMBERS:
            continue
        page = fact_pages.get(f.id)
        title = page.section_title if page else "Other key numbers"
        groups.setdefault(title, []).append((md_inline(f.claim), f.text()))
    diagrams = []
    for _name, svg in sorted(known_diagrams(files).items()):
        d = load_declaration(Path(svg.abs_src_path).with_suffix(".json"), "the cram sheet")
        diagrams.append((d.title, [(s.label, s.from_label, s.to_label) for s in d.steps]))
    notes = []
    for n in load_notes().notes:
        w = f"docs/_data/then-and-now.yml (note '{n.id}')"
        when = resolve_macros(n.date, w) if n.date else f"seen {n.checked}"
        notes.append((md_inline(resolve_macros(n.then, w)), md_inline(resolve_macros(n.now, w)), when))
    return {"traps": traps, "facts": list(groups.items()), "tables": key_tables(), "diagrams": diagrams, "notes": notes}


def register(env: Any) -> None:
    @env.macro
    def mock_exam() -> str:
        """The timed mock exam: setup, run, review screen, report, past attempts."""
        bp = exam_blueprint()
        per_question = bp["exam_minutes"] / bp["exam_questions"]
        if per_question != int(per_question):
            raise SiteDataError(
                where(env),
                f"the exam's pace is {per_question:g} minutes a question; the mock exam offers whole minutes",
                "check dva-exam-minutes and dva-exam-questions in docs/_data/facts.yml",
            )
        return (
            str(
                render(
                    "mock-exam.html",
                    data=script_json(exam_questions()),
                    root=root_of(env),
                    lengths=MOCK_LENGTHS,
                    default_length=DEFAULT_LENGTH,
                    difficulties=list(DIFFICULTY.items()),
                    minutes_per_question=int(per_question),
                )
            )
            + "\n"
        )

    @env.macro
    def flashcards() -> str:
        """The spaced-repetition deck, its due counts and the export links."""
        payload = cards_payload()
        counts: dict[str, int] = {}
        for c in payload["cards"]:
            counts[c["section"]] = counts.get(c["section"], 0) + 1
        root = root_of(env)
        downloads = [
            (f"{root}{DOWNLOADS}{DECK_NAME}.apkg", f"Anki deck ({len(payload['cards'])} notes, .apkg)"),
            (f"{root}{DOWNLOADS}{DECK_NAME}.csv", "Spreadsheet (CSV: id, section, front, back, source)"),
        ]
        return (
            str(
                render(
                    "flashcards.html",
                    data=script_json({**payload, "root": root}),
                    sections=[(s["id"], s["title"], counts[s["id"]]) for s in payload["sections"]],
                    downloads=downloads,
                    print_href=posixpath.relpath("review/cards-print/", env.page.url or ".") + "/",
                )
            )
            + "\n"
        )

    @env.macro
    def flashcards_count() -> int:
        return len(load_cards())

    @env.macro
    def flashcards_print() -> str:
        """Every card, eight to a sheet: question on the front, answer beneath."""
        cards = cards_html()
        sheets = [cards[i : i + CARDS_PER_SHEET] for i in range(0, len(cards), CARDS_PER_SHEET)]
        return (
            str(
                render(
                    "cards-print.html",
                    sheets=[[{**c, "front": Markup(c["front"]), "back": Markup(c["back"])} for c in s] for s in sheets],
                )
            )
            + "\n"
        )

    @env.macro
    def cram_sheet() -> str:
        """Traps, key numbers, key tables, diagram steps and then-and-now notes, for print."""
        return str(render("cram-sheet.html", **cram_parts(env.variables.get("files")))) + "\n"

"""Practice data, read from what the site already holds (never a second copy):

- the mock exam's questions (the banks, macros/quiz_bank.py) and its blueprint: the task
  statements weighted by their exam-guide bullets (docs/_data/exam.yml), the exam's length,
  time and scaled passing score (docs/_data/facts.yml);
- the flashcards: glossary terms (docs/_data/abbreviations.md), every page's exam traps (front
  matter `traps:`), the then-and-now notes (docs/_data/then-and-now.yml) and the facts file;
- the cram sheet's parts: traps, key numbers, key tables, diagram steps, notes.

Pages, the flashcard exports (hooks/practice_files.py) and the tests all call these functions,
so a new section, page, question or fact flows into every one of them at the next build.
Text is Markdown-lite (`code`, **bold**, links); `md_inline()` escapes it before any markup.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.utils.meta import get_data

from .data import DATA_DIR, ROOT, rel
from .errors import SiteDataError
from .exam import load_exam_guide
from .facts import Fact, load_facts
from .glossary import anchor as glossary_anchor, load_abbreviations
from .notes import load_notes
from .quiz_bank import NO_TASK, load_banks
from .registry import load_registry

DOCS = ROOT / "docs"
NOT_PAGES = ("_data/", "_overrides/", "_examples/")
GLOSSARY_PAGE = "review/glossary.md"
FACT_CALL = re.compile(r"""\{\{-?\s*fact\(\s*["']([^"']+)["']\s*(?:,\s*["'](full|number|unit)["']\s*)?\)\s*-?\}\}""")
CITE_CALL = re.compile(r"""\s*\{\{-?\s*cite\([^}]*\)\s*-?\}\}""")
JINJA = re.compile(r"\{\{|\{%")
_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_LINK = re.compile(r"\[([^\]]+)\]\([^)\s]+\)")
MIN_CARDS = 150


# --- Markdown-lite ----------------------------------------------------------------------------


def resolve_macros(text: str, where: str) -> str:
    """{{ fact("id") }} becomes the fact's text, {{ cite(...) }} goes (a card or the cram sheet
    names its source apart); any other Jinja stops the build, since nothing here can run it."""
    facts = load_facts()
    out = FACT_CALL.sub(lambda m: facts.get(m.group(1), where).text(m.group(2) or "full"), text)
    out = CITE_CALL.sub("", out)
    if JINJA.search(out):
        raise SiteDataError(
            where,
            f"text for the flashcards and cram sheet holds a macro they cannot run: {out[:80]!r}",
            'use only {{ fact("id") }} (and cite) in traps and then-and-now notes',
        )
    return " ".join(out.split())


def md_inline(text: str) -> Markup:
    """Markdown-lite as HTML: escaped first, then `code`, **bold**, *em*; links keep their text."""
    text = _LINK.sub(r"\1", " ".join(text.split()))
    parts = _CODE.split(text)
    html = []
    for i, part in enumerate(parts):
        if i % 2:
            html.append(f"<code>{escape(part)}</code>")
        else:
            s = str(escape(part))
            s = _BOLD.sub(r"<strong>\1</strong>", s)
            s = _EM.sub(r"<em>\1</em>", s)
            html.append(s)
    return Markup("".join(html))


def plain(text: str) -> str:
    """Markdown-lite as plain text (the CSV export, the tests)."""
    text = _LINK.sub(r"\1", " ".join(text.split()))
    text = _BOLD.sub(r"\1", text)
    text = _EM.sub(r"\1", text)
    return text.replace("`", "")


# --- pages ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    src: str  # "kms/index.md"
    url: str  # "kms/" (site-relative, directory URLs)
    title: str
    section: str  # registry section id, else the page's own slug
    section_title: str
    meta: dict = field(hash=False, compare=False)

    @property
    def is_section_page(self) -> bool:
        return "exam_tasks" in self.meta and not self.src.startswith("review/")


def page_url(src: str) -> str:
    stem = src[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _page_slug(src: str) -> str:
    stem = src[: -len(".md")]
    return stem[: -len("/index")] if stem.endswith("/index") else stem.replace("/", "-")


def _signature() -> tuple:
    files = sorted(p for p in DOCS.rglob("*.md") if not p.relative_to(DOCS).as_posix().startswith(NOT_PAGES))
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


def load_pages() -> list[Page]:
    """Every page under docs/ with its front matter: the registry's section pages first, in its
    order, then the rest by path."""
    return list(_load_pages(_signature()))


@lru_cache(maxsize=2)
def _load_pages(signature: tuple) -> tuple[Page, ...]:
    registry = load_registry()
    by_page = {s.page: s for s in registry.sections}
    order = {s.page: n for n, s in enumerate(registry.sections)}
    pages = []
    for path_text, _, _ in signature:
        path = Path(path_text)
        src = path.relative_to(DOCS).as_posix()
        _, meta = get_data(path.read_text(encoding="utf-8"))
        sec = by_page.get(src)
        title = str(meta.get("title") or src)
        pages.append(
            Page(src, page_url(src), title, sec.id if sec else _page_slug(src), sec.title if sec else title, meta)
        )
    pages.sort(key=lambda p: (order.get(p.src, len(order)), p.src))
    return tuple(pages)


def page_traps(page: Page) -> list[str]:
    traps = page.meta.get("traps") or []
    if not isinstance(traps, list) or not all(isinstance(t, str) and t.strip() for t in traps):
        raise SiteDataError(
            f"docs/{page.src}",
            "'traps:' must be a list of one-line traps",
            "write each trap as a quoted string in the front matter list",
        )
    return [resolve_macros(t, f"docs/{page.src} (traps)") for t in traps]


def all_traps() -> list[tuple[Page, list[str]]]:
    return [(p, page_traps(p)) for p in load_pages() if p.meta.get("traps")]


# --- the mock exam ----------------------------------------------------------------------------


def task_weights() -> dict[str, int]:
    """Task id -> its number of knowledge and skill bullets in the exam guide (exam.yml)."""
    weights: dict[str, int] = {}
    for b in load_exam_guide().bullets:
        weights[b.task] = weights.get(b.task, 0) + 1
    return weights


def exam_blueprint() -> dict[str, Any]:
    facts = load_facts()
    value = lambda fid: facts.get(fid, "the mock exam").value  # noqa: E731
    guide = {t.id: t.title for t in load_exam_guide().tasks}
    return {
        "tasks": [{"id": t, "title": guide[t], "weight": w} for t, w in sorted(task_weights().items())],
        "exam_questions": value("dva-exam-questions"),
        "exam_minutes": value("dva-exam-minutes"),
        "score_min": value("dva-score-min"),
        "score_max": value("dva-score-max"),
        "pass_score": value("dva-passing-score"),
    }


def exam_questions() -> dict[str, Any]:
    """Every question of every bank, as the mock exam needs it: text already escaped HTML."""
    from .quiz import inline, source_link

    banks = load_banks()
    registry = load_registry()
    sections = []
    questions = []
    for sid in banks.sections:
        sec = registry.section(sid)
        sections.append(
            {"id": sid, "title": sec.title, "url": page_url(sec.page) + "#question-sheet", "legacy": not sec.tasks}
        )
        for q in banks.questions(sid):
            url, title = source_link(q, f"docs/_data/questions/{sid}.yml")
            questions.append(
                {
                    "id": q.id,
                    "section": sid,
                    "task": q.task,
                    "legacy": q.task == NO_TASK,
                    "difficulty": q.difficulty,
                    "multi": q.multi,
                    "prompt": str(inline(q.prompt)),
                    "choices": [{"text": str(inline(c.text)), "why": str(inline(c.why))} for c in q.choices],
                    "answer": q.answers,
                    "explanation": str(inline(q.explanation)),
                    "source": {"url": url, "title": title},
                }
            )
    return {"blueprint": exam_blueprint(), "sections": sections, "questions": questions}


def script_json(data: Any) -> Markup:
    """JSON safe inside <script type="application/json">: no '<', '>' or '&' survives raw."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


# --- flashcards -------------------------------------------------------------------------------


@dataclass
class Card:
    id: str
    kind: str  # term | trap | note | fact
    section: str
    section_title: str
    front: str  # Markdown-lite
    back: str
    source_url: str  # absolute, or site-relative for the site's own pages
    source_title: str
    page: str = ""  # the site page that teaches it (site-relative URL)

    def html(self) -> dict[str, str]:
        d = asdict(self)
        d["front"] = str(md_inline(self.front))
        d["back"] = str(md_inline(self.back))
        return d


def _sentence_split(text: str) -> tuple[str, str] | None:
    parts = re.split(r"(?<=[.?!])\s+(?=[A-Z`\"*])", text, maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else None


def trap_sides(trap: str) -> tuple[str, str]:
    """A trap as a card: its bold (else its `code`) terms blanked on the front, the whole trap on
    the back (a cloze); a trap with neither splits after its first sentence or clause."""
    if _BOLD.search(trap):
        return "Fill the gaps: " + _BOLD.sub("**____**", trap), trap
    if _CODE.search(trap):
        return "Fill the gaps: " + _CODE.sub("`____`", trap), trap
    split = _sentence_split(trap)
    if split:
        return split[0] + " ...", trap
    for mark in (": ", "; ", ", "):
        if mark in trap:
            head = trap.split(mark, 1)[0]
            return head + mark.strip() + " ...", trap
    words = trap.split()
    return " ".join(words[: max(3, len(words) // 2)]) + " ...", trap


def _fact_pages() -> dict[str, Page]:
    """Fact id -> the first page (in reading order) that states it."""
    found: dict[str, Page] = {}
    for page in load_pages():
        text = (DOCS / page.src).read_text(encoding="utf-8")
        for m in FACT_CALL.finditer(text):
            found.setdefault(m.group(1), page)
    return found


def _fact_front(f: Fact) -> str:
    claim = f.claim.strip()
    return claim[0].upper() + claim[1:] + ("" if claim.endswith("?") else "?")


def load_cards() -> list[Card]:
    """Every flashcard, in a stable order: terms, traps, notes, facts. Stops the build on a
    card with an empty side or no source, or on two cards with one id. Made once per change of
    a page or a data file (the flashcards, the cram sheet and the exports each ask)."""
    return list(_load_cards(_signature(), _data_signature()))


def cards_html() -> list[dict[str, str]]:
    """load_cards() with each card's sides as HTML (Card.html), made once per change as well:
    the study page and the cut-out cards both show every card."""
    return [dict(card) for card in _cards_html(_signature(), _data_signature())]  # copies: the cache stays as made


def _data_signature() -> tuple:
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(DATA_DIR.glob("*.*")))


@lru_cache(maxsize=2)
def _cards_html(pages: tuple, data: tuple) -> tuple[dict[str, str], ...]:
    return tuple(c.html() for c in _load_cards(pages, data))


@lru_cache(maxsize=2)
def _load_cards(pages: tuple, data: tuple) -> tuple[Card, ...]:
    registry = load_registry()
    pages = load_pages()
    by_src = {p.src: p for p in pages}
    cards: list[Card] = []
    glossary_url = page_url(GLOSSARY_PAGE)
    for term, definition in load_abbreviations():
        cards.append(
            Card(
                f"term-{glossary_anchor(term)[len('term-') :]}",
                "term",
                "glossary",
                "Glossary",
                f"What is **{term}**?",
                definition,
                f"{glossary_url}#{glossary_anchor(term)}",
                "Glossary",
                glossary_url,
            )
        )
    for page, traps in all_traps():
        for trap in traps:
            digest = hashlib.sha1(" ".join(trap.split()).casefold().encode()).hexdigest()[:10]
            front, back = trap_sides(trap)
            cards.append(
                Card(
                    f"trap-{_page_slug(page.src)}-{digest}",
                    "trap",
                    page.section,
                    page.section_title,
                    front,
                    back,
                    page.url,
                    page.title,
                    page.url,
                )
            )
    for note in load_notes().notes:
        where = f"docs/_data/then-and-now.yml (note '{note.id}')"
        page = by_src.get(note.page)
        r = registry.get(note.source, where)
        when = resolve_macros(note.date, where) if note.date else f"seen {note.checked}"
        front = f'Then and now ({when}): the blog said "{resolve_macros(note.then, where)}" What is true today?'
        cards.append(
            Card(
                f"note-{note.id}",
                "note",
                page.section if page else "notes",
                page.section_title if page else "Then and now",
                front,
                resolve_macros(note.now, where),
                r.url,
                r.display_title,
                page.url if page else "",
            )
        )
    fact_pages = _fact_pages()
    for f in load_facts().facts:
        page = fact_pages.get(f.id)
        r = registry.get(f.source, f"docs/_data/facts.yml (fact '{f.id}')")
        cards.append(
            Card(
                f"fact-{f.id}",
                "fact",
                page.section if page else "facts",
                page.section_title if page else "Key numbers",
                _fact_front(f),
                f.text(),
                r.url,
                r.display_title,
                page.url if page else "",
            )
        )
    check_cards(cards)
    return tuple(cards)


def check_cards(cards: list[Card]) -> None:
    seen: set[str] = set()
    for c in cards:
        where = f"flashcard '{c.id}' ({c.kind}, section {c.section})"
        if c.id in seen:
            raise SiteDataError(
                where,
                "two flashcards have the same id",
                "two traps with the same text, or two entries with one id: make them differ",
            )
        seen.add(c.id)
        if not plain(c.front).strip() or not plain(c.back).strip():
            raise SiteDataError(
                where, "a side of the card is empty", "fill in the trap, note, term or fact it comes from"
            )
        if not c.source_url.strip() or not c.source_title.strip():
            raise SiteDataError(
                where,
                "the card has no source link",
                "give the entry a source (a registry id in docs/_data/resources.yml, or its page)",
            )


def cards_payload() -> dict[str, Any]:
    cards = load_cards()
    sections: dict[str, str] = {}
    for c in cards:
        sections.setdefault(c.section, c.section_title)
    return {"sections": [{"id": k, "title": v} for k, v in sections.items()], "cards": cards_html()}


def where_cards() -> str:
    return ", ".join(
        rel(p)
        for p in (
            DOCS / "_data" / "abbreviations.md",
            DOCS / "_data" / "then-and-now.yml",
            DOCS / "_data" / "facts.yml",
        )
    )

"""The DVA-C02 exam guide's task statements and bullets (docs/_data/exam.yml), and which page
sections teach each bullet: every page's front matter `teaches:`, a list of
"bullet-id#heading-anchor" strings, read here from the Markdown sources.

The teaching side lives on the pages, so that several people can add pages without editing the
same lines of exam.yml. macros/coverage.py joins it with the questions' `covers:`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from markdown.extensions.toc import slugify
from mkdocs.utils.meta import get_data
from pydantic import BaseModel, ConfigDict, Field

from .data import DATA_DIR, ROOT, load_model, rel
from .errors import SiteDataError

EXAM_PATH = DATA_DIR / "exam.yml"
DOCS_DIR = ROOT / "docs"
# A bullet counts as tested once this many questions name it in `covers:`.
MIN_QUESTIONS_PER_BULLET = 3
BULLET_ID = r"[1-4]\.[1-4]-[ks][0-9]+"
TEACHES_ENTRY = re.compile(rf"^(?P<bullet>{BULLET_ID})#(?P<anchor>[A-Za-z0-9_][A-Za-z0-9_.:-]*)$")
TEACHES_FIX = (
    "write teaches: as a list of 'bullet-id#heading-anchor' strings, e.g. '- 2.2-s4#rotation': a bullet id from "
    "docs/_data/exam.yml (bullets:) and the id of the page's heading that teaches it (its \u00b6 link shows the id)"
)


class Task(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[1-4]\.[1-4]$")
    title: str


class Bullet(BaseModel):
    """A 'knowledge of' or 'skills in' bullet of the exam guide, paraphrased."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[1-4]\.[1-4]-[ks][0-9]+$")
    task: str = Field(pattern=r"^[1-4]\.[1-4]$")
    kind: Literal["knowledge", "skill"]
    text: str = Field(min_length=5)

    @property
    def anchor(self) -> str:
        """Its row's id on the coverage page: 2.3-s2 -> bullet-2-3-s2."""
        return "bullet-" + self.id.replace(".", "-")


class ExamGuide(BaseModel):
    model_config = ConfigDict(extra="forbid")
    require_full_coverage: bool = Field(
        default=False,
        description="true: the build stops while a bullet lacks a teaching section or MIN_QUESTIONS_PER_BULLET questions",
    )
    exam: str
    tasks: list[Task]
    bullets: list[Bullet] = Field(default_factory=list)

    def bullet_ids(self) -> set[str]:
        return {b.id for b in self.bullets}

    def task(self, tid: str, where: str) -> str:
        for t in self.tasks:
            if t.id == tid:
                return t.title
        raise SiteDataError(
            where,
            f"unknown DVA-C02 task '{tid}'",
            f"use one of {', '.join(t.id for t in self.tasks)} (docs/_data/exam.yml)",
        )


def load_exam_guide() -> ExamGuide:
    return load_model(EXAM_PATH, ExamGuide)


# --- which page sections teach a bullet (front matter `teaches:`) ------------------------------


@dataclass(frozen=True)
class Teaching:
    """One `teaches:` entry: the section of `page` under the heading `anchor` teaches `bullet`."""

    bullet: str
    page: str  # the page's source path under docs/, e.g. "kms/index.md"
    anchor: str
    heading: str  # the heading's text as written (the anchor itself when no heading gives it)
    page_title: str


_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_ATTR_ID = re.compile(r"\{[^}]*#([A-Za-z0-9_.:-]+)[^}]*\}\s*$")
_INLINE_MARKUP = re.compile(r"`|\*\*|__|\{\{.*?\}\}|<[^>]+>|\[([^\]]*)\]\([^)]*\)")


def headings(markdown: str) -> dict[str, str]:
    """anchor -> heading text for the page's Markdown headings (outside fenced code), with the
    ids MkDocs gives them (toc slugify, or an explicit {#id}). Good enough to name a section;
    hooks/checked_date.py checks every anchor against the rendered page's own table of contents."""
    found: dict[str, str] = {}
    fence = None
    for line in markdown.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            fence = None if fence == marker else (fence or marker)
            continue
        match = None if fence else _HEADING.match(line)
        if not match:
            continue
        text = match.group(2)
        explicit = _ATTR_ID.search(text)
        if explicit:
            text = text[: explicit.start()].rstrip()
        plain = _INLINE_MARKUP.sub(lambda m: m.group(1) or "", text).strip()
        anchor = explicit.group(1) if explicit else slugify(plain, "-")
        base, n = anchor, 1
        while anchor in found:  # toc numbers repeated slugs: rotation, rotation_1
            anchor = f"{base}_{n}"
            n += 1
        found[anchor] = plain
    return found


def teaches_problems(value: Any, known_bullets: set[str]) -> list[str]:
    """What is wrong with a page's `teaches:` value; [] when fine (or absent)."""
    if value is None:
        return []
    if not isinstance(value, list):
        return [f"'teaches:' must be a list, not {type(value).__name__}"]
    found, seen = [], set()
    for entry in value:
        match = TEACHES_ENTRY.match(entry) if isinstance(entry, str) else None
        if not match:
            found.append(f"'teaches:' entry {entry!r} is not 'bullet-id#heading-anchor'")
            continue
        if match.group("bullet") not in known_bullets:
            found.append(f"'teaches:' names unknown exam-guide bullet '{match.group('bullet')}'")
        if entry in seen:
            found.append(f"'teaches:' lists '{entry}' twice")
        seen.add(entry)
    return found


def page_teachings(src: str, meta: dict[str, Any], markdown: str, known_bullets: set[str]) -> list[Teaching]:
    """The Teaching entries of one page; raises SiteDataError naming the page and the fix."""
    problems = teaches_problems(meta.get("teaches"), known_bullets)
    if problems:
        raise SiteDataError(f"docs/{src}", "; ".join(problems), TEACHES_FIX)
    titles = headings(markdown)
    page_title = str(meta.get("title") or next(iter(titles.values()), src))
    out = []
    for entry in meta.get("teaches") or []:
        bullet, _, anchor = entry.partition("#")
        out.append(
            Teaching(bullet=bullet, page=src, anchor=anchor, heading=titles.get(anchor, anchor), page_title=page_title)
        )
    return out


def _page_files(docs_dir: Path) -> list[Path]:
    # Folders starting with "_" hold data, templates and examples, not pages (mkdocs.yml exclude_docs).
    return sorted(
        p for p in docs_dir.rglob("*.md") if not any(part.startswith("_") for part in p.relative_to(docs_dir).parts)
    )


_teachings_cache: dict[tuple, list[Teaching]] = {}


def load_teachings(docs_dir: Path | None = None) -> list[Teaching]:
    """Every page's `teaches:` entries, in page order, read once per change of any page."""
    docs_dir = docs_dir or DOCS_DIR
    files = _page_files(docs_dir)
    key = (
        str(docs_dir),
        str(EXAM_PATH),
        *((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in [*files, EXAM_PATH]),
    )
    if key in _teachings_cache:
        return _teachings_cache[key]
    known = load_exam_guide().bullet_ids()
    found: list[Teaching] = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        markdown, meta = get_data(text)
        if text.startswith("---") and not meta:
            raise SiteDataError(
                rel(path),
                "the front matter is not valid YAML",
                "check the indentation and quoting between the '---' lines",
            )
        found += page_teachings(path.relative_to(docs_dir).as_posix(), meta, markdown, known)
    _teachings_cache.clear()
    _teachings_cache[key] = found
    return found

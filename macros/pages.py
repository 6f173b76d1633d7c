"""Macros for section pages: citations, the Resources box, the home-page table of contents,
learning objectives and "Then and now" notes. Every piece of data is escaped on its way out."""

from __future__ import annotations

import posixpath
from typing import Any

from markupsafe import Markup, escape

from .errors import SiteDataError
from .exam import load_exam_guide
from .notes import load_notes
from .qr import qr_svg
from .registry import Registry, Resource, load_registry
from .templates import md_text, render


def page_link(env: Any, target: str) -> str:
    """A link from the current page to another page's source, so MkDocs validates it."""
    here = env.page.file.src_uri if getattr(env, "page", None) else "index.md"
    path, _, anchor = target.partition("#")
    rel = posixpath.relpath(path, posixpath.dirname(here) or ".")
    return rel + (f"#{anchor}" if anchor else "")


class PageState:
    """What the current page has cited, in order: the Resources box and the print
    reference numbers come from it."""

    def __init__(self) -> None:
        self.page: str | None = None
        self.cited: list[str] = []

    def reset(self, page: str | None) -> None:
        self.page = page
        self.cited = []

    def number(self, rid: str) -> int:
        if rid not in self.cited:
            self.cited.append(rid)
        return self.cited.index(rid) + 1


def where(env: Any) -> str:
    page = getattr(env, "page", None)
    return f"docs/{page.file.src_uri}" if page else "a page"


def badge(r: Resource) -> str:
    return str(render("badge.html", resource=r))


def render_text(env: Any, text: str) -> str:
    """Page Markdown from the data (a trap, a note's then and now) with its macros run, as they
    would run in the page. Most of these strings hold no macro: those skip Jinja's compile,
    which was a tenth of the macros' time in a build, and come back unchanged."""
    if "{" not in text and not text.endswith("\n"):
        return text
    return env.render(text)


def register(env: Any) -> None:
    state = PageState()
    env.variables["_page_state"] = state

    def registry() -> Registry:
        return load_registry()

    @env.macro
    def cite(rid: str, text: str | None = None) -> str:
        """An inline link to a registry resource, numbered for print."""
        r = registry().get(rid, where(env))
        n = state.number(rid)
        label = md_text(text if text is not None else r.display_title)
        return f'[{label}]({r.url}){{ .cite data-ref="{n}" }}'

    @env.macro
    def resources_box(*extra_ids: str) -> str:
        """The page's Resources: its table-of-contents rows, every resource cited on it, and extras."""
        reg = registry()
        sec = next((s for s in reg.sections if s.page == env.page.file.src_uri), None)
        ids = list(state.cited)
        if sec:
            for r in reg.toc_rows():
                if r.section == sec.id and r.id not in ids:
                    ids.append(r.id)
        for rid in extra_ids:
            reg.get(rid, where(env))
            if rid not in ids:
                ids.append(rid)
        for rid in ids:
            state.number(rid)
        if not ids:
            raise SiteDataError(
                where(env), "the Resources box is empty", "cite at least one registry resource on this page"
            )
        entries = [
            {"number": state.number(rid), "resource": reg.get(rid, where(env)), "qr": qr_svg(reg.get(rid).url)}
            for rid in state.cited
        ]
        return render("resources-box.html", entries=entries) + "\n"

    @env.macro
    def toc_table() -> str:
        """The blog's table of contents: one row per blog row, linked to AWS and to this site."""
        reg = registry()
        titles = nav_titles(env.conf.get("nav") or [])
        lines = [
            "| # | Section | Resource (the blog's link text) | Official resource today | On this site |",
            "|---|---|---|---|---|",
        ]
        for r in reg.toc_rows():
            sec = reg.section(r.section)
            target = sec.page + ("#question-sheet" if r.sheet else "")
            site_text = md_text(titles.get(sec.page, sec.title)) + (": question sheet" if r.sheet else "")
            official = f"[{md_text(_host_label(r))}]({r.url})"
            if r.sheet:
                official = f"The author's sheet is lost; it rested on {official}"
            lines.append(
                f"| {r.toc} | {md_text(sec.title)} | {md_text(r.title)}{badge(r)} | {official} | [{site_text}]({page_link(env, target)}) |"
            )
        return "\n".join(lines) + "\n"

    @env.macro
    def page_intro() -> str:
        """Learning objectives and the DVA-C02 task, from the page's front matter."""
        meta = env.page.meta or {}
        objectives = meta.get("objectives")
        tasks = meta.get("exam_tasks")
        if not objectives or tasks is None:
            raise SiteDataError(
                where(env),
                "front matter needs 'objectives' (a list) and 'exam_tasks' (a list, possibly empty)",
                "add them at the top of the page between '---' lines (see CONTRIBUTING.md, 'Pages')",
            )
        guide = load_exam_guide()
        task_lines = [f"**Task {escape(t)}**: {escape(guide.task(t, where(env)))}" for t in tasks]
        if not task_lines:
            task_lines = [escape(meta.get("exam_note", "Not in a DVA-C02 task statement."))]
        return str(render("objectives.md", objectives=objectives, tasks=[Markup(t) for t in task_lines])) + "\n"

    @env.macro
    def exam_traps() -> str:
        """The page's "Exam traps" box, from its front matter `traps:` (a list of Markdown items,
        which the flashcards and the cram sheet read too)."""
        traps = (env.page.meta or {}).get("traps")
        if not traps or not isinstance(traps, list) or not all(isinstance(t, str) and t.strip() for t in traps):
            raise SiteDataError(
                where(env),
                "exam_traps() needs 'traps:' in the front matter: a list of one-line traps",
                "add them at the top of the page (see CONTRIBUTING.md, 'Pages')",
            )
        # Each item is page Markdown: macros inside it (fact, cite) run as they would in the page.
        return str(render("exam-traps.md", traps=[Markup(render_text(env, t)) for t in traps])) + "\n"

    @env.macro
    def then_and_now(note_id: str) -> str:
        """A "Then and now" note from docs/_data/then-and-now.yml: the blog's fact, today's fact,
        when AWS changed it (or when the change was seen, where AWS gives no date), who says so."""
        note = load_notes().get(note_id, where(env))
        if note.page != env.page.file.src_uri:
            raise SiteDataError(
                where(env),
                f"then-and-now note '{note_id}' belongs to {note.page}",
                f"show it on docs/{note.page}, or change its page: in docs/_data/then-and-now.yml",
            )
        date = render_text(env, note.date) if note.date else None
        when = (
            f"since {date}"
            if date
            else f"as seen in the AWS documentation on {note.checked}; AWS gives no date for the change"
        )
        return (
            str(
                render(
                    "then-and-now.md",
                    then=render_text(env, note.then),
                    now=render_text(env, note.now),
                    when=when,
                    source_link=Markup(cite(note.source)),
                )
            )
            + "\n"
        )


def _host_label(r: Resource) -> str:
    host = r.url.split("/")[2]
    return {"docs.aws.amazon.com": "AWS docs", "github.com": "GitHub"}.get(host, host) + ": " + r.display_title


def nav_titles(nav: list) -> dict[str, str]:
    """Page path -> its title in mkdocs.yml's nav: the site's own names, written once there."""
    found: dict[str, str] = {}
    for item in nav:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    found[value] = title
                elif isinstance(value, list):
                    found.update(nav_titles(value))
    return found

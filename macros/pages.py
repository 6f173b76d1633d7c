"""Macros for section pages: citations, the Resources box, the home-page table of contents,
learning objectives and "Then and now" notes. Every piece of data is escaped on its way out."""

from __future__ import annotations

import datetime as dt
import posixpath
from typing import Any

from markupsafe import Markup, escape

from .errors import SiteDataError
from .exam import load_exam_guide
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
            raise SiteDataError(where(env), "the Resources box is empty", "cite at least one registry resource on this page")
        entries = [{"number": state.number(rid), "resource": reg.get(rid, where(env)), "qr": qr_svg(reg.get(rid).url)} for rid in state.cited]
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
    def then_and_now(then: str, now: str, source: str, date: str | None = None, checked: str | None = None) -> str:
        """A 'Then and now' note: the blog's fact, today's fact, when it changed, who says so.

        `date` is when AWS made the change. When AWS publishes no date (a page that quietly
        moved), give `checked`, the day the new state was seen, so the note never invents one."""
        if not date and not checked:
            raise SiteDataError(where(env), "then_and_now needs date= (when AWS changed it) or checked= (when the change was seen)", "add date=\"2023-01-05\", or checked=\"2026-11-28\" if AWS gives no date")
        for label, value in (("date", date), ("checked", checked)):
            if value is None:
                continue
            try:
                dt.date.fromisoformat(value) if len(value) == 10 else dt.datetime.strptime(value, "%Y-%m")
            except ValueError:
                raise SiteDataError(where(env), f"then_and_now {label} '{value}' is not YYYY-MM-DD or YYYY-MM", "write the date as 2023-01-05 or 2023-01") from None
        when = f"since {date}" if date else f"as seen in the AWS documentation on {checked}; AWS gives no date for the change"
        return str(render("then-and-now.md", then=then, now=now, when=when, source_link=Markup(cite(source)))) + "\n"


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

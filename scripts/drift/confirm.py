"""After a reviewed `make drift-accept`: move each section page's `checked:` date (and the
`botocore:` version it was checked against) to today, but only for a page all of whose cited
sources were fetched this time. A page with a source that could not be reached keeps its old
date: nothing confirmed it. The page shows the date under its title (hooks/checked_date.py)."""

from __future__ import annotations

import datetime as dt
import re

from .guide import Guide

CONFIRMED = ("unchanged", "new", "changed")  # fetched and fingerprinted; a review accepted it


def sources_by_page(guide: Guide) -> dict[str, set[str]]:
    """docs page path -> the registry ids it cites."""
    pages: dict[str, set[str]] = {}
    for rid, places in guide.cites.items():
        for where in places:
            if where.kind == "page":
                pages.setdefault(where.path, set()).add(rid)
    return pages


def set_front_matter(text: str, key: str, value: str) -> str:
    """The page with `key: value` in its front matter (replaced, or added before the closing ---)."""
    match = re.match(r"---\n(.*?)\n---\n", text, flags=re.S)
    if not match:
        raise ValueError("the page has no front matter")
    front = match.group(1)
    line = re.compile(rf"(?m)^{re.escape(key)}:.*$")
    front = line.sub(f"{key}: {value}", front) if line.search(front) else front + f"\n{key}: {value}"
    return f"---\n{front}\n---\n" + text[match.end() :]


def confirm_pages(guide: Guide, statuses: dict[str, str], today: dt.date, botocore: str) -> tuple[list[str], list[str]]:
    """(confirmed pages, pages kept as they were): statuses maps a registry id to its fetch status."""
    confirmed, kept = [], []
    section_pages = set(guide.section_of_page)
    for page, rids in sorted(sources_by_page(guide).items()):
        if page not in section_pages:
            continue
        if all(statuses.get(rid) in CONFIRMED for rid in rids):
            path = guide.root / page
            text = set_front_matter(path.read_text(encoding="utf-8"), "checked", today.isoformat())
            path.write_text(set_front_matter(text, "botocore", botocore), encoding="utf-8")
            confirmed.append(page)
        else:
            kept.append(page)
    return confirmed, kept

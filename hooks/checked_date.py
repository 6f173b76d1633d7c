"""MkDocs hook: the "checked" line under each section page's title, and the check of any page's
`teaches:` front matter (the exam-guide bullets its sections teach, shown on review/coverage/).

Event: on_page_content, priority 60 (before mkdocs-print-site-plugin's on_page_content at 0
saves each page's HTML for the handout, so the printed page carries the line too).
Reads: the page's front matter `checked:` (date) and `botocore:` (version); mkdocs.yml repo_url.
Writes: docs/_overrides/partials/guide/checked.html rendered right after the page's <h1>: the
date, the botocore version and a "Report a problem" link to a prefilled issue form.
A section page (docs/_data/resources.yml `sections:`) without a valid date or version stops
the build, naming the page and the fix. Other pages are left alone.
Any page with `teaches:` (entries "bullet-id#heading-anchor", macros/exam.py) stops the build when
an entry is malformed, names an unknown bullet, or names an anchor that is not one of the page's
headings (read from the rendered page's table of contents, so the ids are MkDocs's own).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.checked import problems, section_pages  # noqa: E402
from macros.exam import TEACHES_FIX, load_exam_guide, teaches_problems  # noqa: E402
from macros.report import page_report_url  # noqa: E402
from macros.templates import render  # noqa: E402


def _toc_ids(items) -> set[str]:
    ids = set()
    for item in items:
        ids.add(item.id)
        ids |= _toc_ids(item.children)
    return ids


def check_teaches(src: str, meta: dict, toc) -> None:
    teaches = meta.get("teaches")
    if teaches is None:
        return
    found = teaches_problems(teaches, load_exam_guide().bullet_ids())
    if found:
        raise PluginError(f"docs/{src}: {'; '.join(found)}. Fix: {TEACHES_FIX}")
    anchors = _toc_ids(toc)
    missing = [e for e in teaches if e.partition("#")[2] not in anchors]
    if missing:
        raise PluginError(
            f"docs/{src}: 'teaches:' names headings the page does not have: {', '.join(missing)}. "
            f"Fix: use one of the page's heading ids: {', '.join(sorted(anchors))}"
        )


@event_priority(60)
def on_page_content(html, page, config, files):
    src = page.file.src_uri
    meta = page.meta or {}
    check_teaches(src, meta, page.toc)
    if src not in section_pages():
        return html
    found = problems(meta)
    if found:
        raise PluginError(
            f"docs/{src}: {'; '.join(found)}. Fix: put 'checked: YYYY-MM-DD' (the day its claims were last checked) "
            "and 'botocore: X.Y.Z' (the botocore release they were checked against) in the page's front matter"
        )
    if "</h1>" not in html:
        raise PluginError(
            f"docs/{src}: the page has no '# Title' heading to put the checked date under. Fix: start the page with '# <title>'"
        )
    checked = meta["checked"] if isinstance(meta["checked"], dt.date) else dt.date.fromisoformat(meta["checked"])
    line = render(
        "checked.html",
        checked=checked.isoformat(),
        checked_text=f"{checked.day} {checked:%B %Y}",
        botocore=meta["botocore"],
        report_url=page_report_url(config.get("repo_url"), f"docs/{src}"),
    )
    head, tail = html.split("</h1>", 1)
    return f"{head}</h1>\n{line}{tail}"

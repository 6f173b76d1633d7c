"""When a section page's claims were last checked: `checked:` (a date) and `botocore:` (the
botocore release whose AWS API models they were checked against) in its front matter.

hooks/checked_date.py shows both under the page title (and so in the handout) and stops the
build when a section page lacks them; tests/test_checked_dates.py runs the same check.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .registry import load_registry

BOTOCORE_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


def section_pages() -> list[str]:
    """The docs/ paths of the section pages (one per section of the resource registry)."""
    return [s.page for s in load_registry().sections]


def problems(meta: dict[str, Any], today: dt.date | None = None) -> list[str]:
    """What is wrong with a section page's `checked` and `botocore` front matter; [] when fine."""
    today = today or dt.date.today()
    found = []
    checked = meta.get("checked")
    if isinstance(checked, str):
        try:
            checked = dt.date.fromisoformat(checked)
        except ValueError:
            pass
    if isinstance(checked, dt.datetime) or not isinstance(checked, dt.date):
        found.append(
            f"'checked: {meta.get('checked')}' is not a date (write the day the claims were last checked, e.g. checked: 2026-12-03)"
        )
    elif checked > today:
        found.append(f"'checked: {checked}' is in the future")
    version = meta.get("botocore")
    if not isinstance(version, str) or not BOTOCORE_VERSION.match(version):
        found.append(
            f"'botocore: {version}' is not a botocore release such as 1.44.8 (quote it if YAML reads it as a number)"
        )
    return found

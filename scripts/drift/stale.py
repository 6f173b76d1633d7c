"""Stale pages: a section page's front matter `checked: YYYY-MM-DD` older than the limit, or its
`botocore: X.Y.Z` older than the pinned release while APIs the page names changed since."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from .api import compare
from .botocore_src import ModelSet
from .guide import SERVICES, Guide, front_matter
from .report import StaleItem, StalePart

MAX_AGE_DAYS = 180


def _version(v: str) -> tuple[int, ...]:
    return tuple(int(p) for p in str(v).split(".") if p.isdigit())


def check(
    guide: Guide, today: dt.date, pinned: ModelSet, models_of: Callable[[str], ModelSet], max_age: int = MAX_AGE_DAYS
) -> StalePart:
    """`models_of(version)` gives another release's models (downloaded, or a test's fixture)."""
    part = StalePart(max_age_days=max_age, today=today.isoformat())
    diffs: dict[str, list] = {}
    for section in guide.registry.sections:
        page = guide.docs / section.page
        if not page.exists():
            continue
        path = guide.rel(page)
        meta, _ = front_matter(page)
        checked = meta.get("checked")
        if checked is None:
            part.items.append(StaleItem(path=path, reason="no-checked-date"))
        else:
            try:
                day = checked if isinstance(checked, dt.date) else dt.date.fromisoformat(str(checked))
            except ValueError:  # not a YYYY-MM-DD date: as good as none
                part.items.append(StaleItem(path=path, reason="no-checked-date", checked=str(checked)))
                continue
            age = (today - day).days
            if age > max_age:
                part.items.append(
                    StaleItem(path=path, reason="checked-too-long-ago", checked=day.isoformat(), age_days=age)
                )
        version = meta.get("botocore")
        if version and _version(str(version)) < _version(pinned.version):
            version = str(version)
            if version not in diffs:
                try:
                    older = models_of(version)
                    diffs[version] = compare(tuple(SERVICES), older.data_root, pinned.data_root, guide)[0]
                except Exception as exc:  # no such release: say so on the page's line
                    part.items.append(
                        StaleItem(
                            path=path,
                            reason="older-botocore",
                            botocore=version,
                            changes=[f"could not get botocore {version}: {exc}"],
                        )
                    )
                    diffs[version] = None
                    continue
            if diffs[version] is None:
                continue
            named = [
                i
                for i in diffs[version]
                if i.match != "taught-service" and any(r.path == path for r in i.touches.pages)
            ]
            if named:
                part.items.append(
                    StaleItem(
                        path=path,
                        reason="older-botocore",
                        botocore=version,
                        changes=[f"{i.service}: {i.summary}" for i in named],
                    )
                )
    return part

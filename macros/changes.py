"""The public log of what changed (docs/_data/changes.yml): each correction to the guide, each
AWS change it follows, and each review finding it answered with evidence instead of an edit.

One entry is one change: when, which pages (and example or diagram files), what changed in a
reader's words, why, the registry id of the source that settles it, and, when the change answers a
review finding, that finding as `review: "kms#7"` (review name, row number). The "What changed"
page (docs/changes/index.md) renders the log newest first with `{{ changes_log() }}`; the handout
prints it because the page is in the nav.

Every bad entry stops the build with docs/_data/changes.yml:<line> and the field to fix.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from .data import DATA_DIR, ROOT, SAFE_LOADER, load_model, rel
from .errors import SiteDataError
from .registry import ID_PATTERN, load_registry

CHANGES_PATH = DATA_DIR / "changes.yml"
DOCS = ROOT / "docs"
REVIEW_PATTERN = r"^[a-z0-9-]+#[1-9][0-9]*$"

# How a review's short name reads on the page ("kms#7" -> "KMS review #7").
REVIEW_NAMES = {
    "kms": "KMS",
    "cognito": "Cognito",
    "security-review": "Security review",
    "pages2": "Second pages",
    "new": "New pages",
    "final": "Final pages",
}

KIND_LABEL = {
    "correction": "Correction",
    "aws-change": "AWS changed",
    "disputed": "Finding disputed",
}
# The page's summary line: "24 changes: 18 corrections, 6 AWS changes, 0 disputed findings."
KIND_COUNTED = {
    "correction": ("correction", "corrections"),
    "aws-change": ("AWS change", "AWS changes"),
    "disputed": ("disputed finding", "disputed findings"),
}


class Change(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: dt.date = Field(description="when the guide changed, YYYY-MM-DD")
    kind: Literal["correction", "aws-change", "disputed"] = Field(
        description="correction: the guide was wrong or imprecise; aws-change: AWS changed since the guide was written; "
        "disputed: a review finding was checked and the text kept, with the evidence"
    )
    pages: list[str] = Field(min_length=1, description="the docs pages the change touches, e.g. kms/index.md")
    files: list[str] = Field(
        default_factory=list, description="other files it touches: docs/_examples/x.py, diagrams/x.py"
    )
    what: str = Field(min_length=20, description="what changed, in a reader's words")
    why: str = Field(min_length=10, description="the reason, e.g. 'KMS review #7: ...'")
    source: str = Field(pattern=ID_PATTERN, description="registry id of the source that settles it")
    review: str | None = Field(
        default=None, pattern=REVIEW_PATTERN, description="the review finding it answers, e.g. kms#7"
    )
    evidence: str | None = Field(
        default=None, min_length=20, description="for 'disputed': what shows the finding is wrong"
    )

    @model_validator(mode="after")
    def _disputed_needs_evidence(self) -> "Change":
        if self.kind == "disputed" and not self.evidence:
            raise ValueError(
                "a 'disputed' entry keeps the text, so it must give 'evidence' (what shows the finding is wrong)"
            )
        for page in self.pages:
            if not re.fullmatch(r"[a-z0-9/-]+\.md", page):
                raise ValueError(f"page '{page}' is not a docs path such as kms/index.md")
        return self

    @property
    def review_name(self) -> str | None:
        return self.review.split("#")[0] if self.review else None

    @property
    def review_row(self) -> int | None:
        return int(self.review.split("#")[1]) if self.review else None


class Changes(BaseModel):
    model_config = ConfigDict(extra="forbid")

    changes: list[Change]


def entry_lines(path: Path) -> list[int]:
    """The 1-based line of each entry, so every message can name file:line."""
    try:
        # libyaml's composer: the same marks, a seventh of the pure-Python one's time.
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, yaml.YAMLError):
        return []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "changes" and isinstance(value, yaml.SequenceNode):
                return [item.start_mark.line + 1 for item in value.value]
    return []


def _at(path: Path, lines: list[int], i: int) -> str:
    return f"{rel(path)}:{lines[i]}" if i < len(lines) else rel(path)


def _labeller(path: Path):
    def label(raw: Any, loc: tuple) -> str:
        if len(loc) >= 2 and loc[0] == "changes" and isinstance(loc[1], int):
            field = ".".join(map(str, loc[2:]))
            return f"{_at(path, entry_lines(path), loc[1])} (entry {loc[1] + 1})" + (
                f", field '{field}'" if field else ""
            )
        return ".".join(map(str, loc)) or "(file)"

    return label


def load_changes(path: Path = CHANGES_PATH) -> Changes:
    """The log, checked: schema, pages and files that exist, registry ids, one entry per review row."""
    log = load_model(path, Changes, _labeller(path))
    lines = entry_lines(path)
    registry = load_registry()
    seen_reviews: dict[str, int] = {}
    for i, change in enumerate(log.changes):
        here = _at(path, lines, i)
        registry.get(change.source, f"{here} (field 'source')")
        for page in change.pages:
            if not (DOCS / page).is_file():
                raise SiteDataError(
                    here,
                    f"page '{page}' does not exist under docs/",
                    "name a page by its path under docs/, e.g. kms/index.md",
                )
        for name in change.files:
            if not (ROOT / name).is_file():
                raise SiteDataError(
                    here,
                    f"file '{name}' does not exist",
                    "name it by its path from the repository root, e.g. docs/_examples/kms_keys.py",
                )
        if change.review:
            if change.review in seen_reviews:
                raise SiteDataError(
                    here,
                    f"review finding '{change.review}' is answered twice (also at line {seen_reviews[change.review]})",
                    "keep one entry per finding; put both edits in its 'what'",
                )
            seen_reviews[change.review] = lines[i] if i < len(lines) else 0
    return log


def newest_first(changes: list[Change]) -> list[Change]:
    """Newest date first; on one date, review findings in row order, then the rest in file order."""
    indexed = list(enumerate(changes))
    indexed.sort(
        key=lambda pair: (-pair[1].date.toordinal(), pair[1].review_name or "~", pair[1].review_row or 0, pair[0])
    )
    return [c for _, c in indexed]


def page_url(from_page: str, to_page: str) -> str:
    """The built URL of docs page `to_page`, relative to `from_page` (directory URLs)."""

    def directory(page: str) -> str:
        stem = page[: -len(".md")]
        return posixpath.dirname(stem) if posixpath.basename(stem) == "index" else stem

    target = directory(to_page)
    here = directory(from_page)
    path = posixpath.relpath(target or ".", here or ".")
    return "./" if path == "." else path + "/"


def register(env: Any) -> None:
    from .pages import nav_titles, where
    from .quiz import inline
    from .templates import render

    @env.macro
    def changes_log() -> str:
        """The log of docs/_data/changes.yml, newest first, as the 'What changed' page shows it."""
        here = env.page.file.src_uri if getattr(env, "page", None) else "changes/index.md"
        try:
            log = load_changes(CHANGES_PATH)
        except SiteDataError as exc:
            raise SiteDataError(exc.where, exc.problem + f" (rendering {where(env)})", exc.fix) from None
        registry = load_registry()
        titles = nav_titles(env.conf.get("nav") or [])
        entries = []
        for change in newest_first(log.changes):
            resource = registry.get(change.source, where(env))
            entries.append(
                {
                    "date": change.date.isoformat(),
                    "kind": change.kind,
                    "kind_label": KIND_LABEL[change.kind],
                    "review": change.review,
                    "review_label": f"{REVIEW_NAMES.get(change.review_name, change.review_name)} review #{change.review_row}"
                    if change.review
                    else None,
                    "pages": [{"title": titles.get(p, p), "url": page_url(here, p)} for p in change.pages],
                    "files": change.files,
                    "what": inline(change.what),
                    "why": inline(change.why),
                    "evidence": inline(change.evidence) if change.evidence else None,
                    "source": {"title": resource.display_title, "url": resource.url},
                }
            )
        dates = []
        for entry in entries:
            if not dates or dates[-1]["date"] != entry["date"]:
                dates.append({"date": entry["date"], "entries": []})
            dates[-1]["entries"].append(entry)
        counts = []
        for kind, (one, many) in KIND_COUNTED.items():
            n = sum(e["kind"] == kind for e in entries)
            counts.append(f"{n} {one if n == 1 else many}")
        return render("changes.html", dates=dates, total=len(entries), counts=counts)

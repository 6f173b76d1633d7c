"""The report's schema (drift-report/drift.json is validated against it) and its Markdown form."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Ref(Strict):
    """A place in the guide an item touches."""

    path: str
    line: int = Field(ge=1)
    question: str | None = None
    fact: str | None = None
    name: str | None = Field(default=None, description="the identifier written there")


class Touches(Strict):
    pages: list[Ref] = []
    examples: list[Ref] = []
    questions: list[Ref] = []
    facts: list[Ref] = []


ApiKind = Literal[
    "operation-added",
    "operation-removed",
    "shape-removed",
    "member-added",
    "member-removed",
    "enum-added",
    "enum-removed",
    "limit-changed",
    "default-changed",
]


class ApiItem(Strict):
    kind: ApiKind
    service: str
    operation: str | None = None
    shape: str | None = None
    member: str | None = None
    value: str | None = Field(default=None, description="the enum value, or the limit field (min/max)")
    old: Any = None
    new: Any = None
    summary: str
    match: Literal["direct", "fact", "related", "taught-service"] = Field(
        description="direct: the guide names the changed operation, member, enum value or shape; fact: a fact reads it; "
        "related: the guide names an operation or shape that carries it; taught-service: a new operation of a taught service"
    )
    why: str = Field(description="why it touches the guide")
    touches: Touches


class ApiPart(Strict):
    status: Literal["ok", "same-release", "error"]
    from_version: str
    to_version: str
    services: list[str]
    items: list[ApiItem] = []
    changes_seen: int = Field(0, description="every change between the two releases, before filtering")
    ignored: int = Field(0, description="changes that touch nothing in the guide")
    message: str | None = None


class FactItem(Strict):
    id: str
    line: int
    ref: str
    status: Literal["changed", "unresolved"]
    value: Any = Field(None, description="the fact's value in facts.yml")
    old: Any = Field(None, description="what the pinned models say")
    new: Any = Field(None, description="what the newest models say")
    message: str | None = None
    touches: Touches


class FactsPart(Strict):
    status: Literal["ok", "missing", "error"]
    path: str
    checked: int = 0
    items: list[FactItem] = []
    message: str | None = None


class FeedEntry(Strict):
    title: str
    date: str | None = None
    link: str | None = None
    summary: str | None = None


class FeedResult(Strict):
    id: str
    url: str
    status: Literal["new-entries", "no-new-entries", "baseline", "unreachable", "gone"]
    entries: list[FeedEntry] = []
    latest: str | None = Field(None, description="the newest entry's date in the feed")
    message: str | None = None


class PageResult(Strict):
    id: str
    url: str
    status: Literal["changed", "gone", "new", "unchanged", "unreachable"]
    http_status: int | None = None
    final_url: str | None = None
    fingerprint: str | None = None
    locked: str | None = Field(None, description="the fingerprint in sources.lock.json")
    chars: int | None = None
    message: str | None = None
    cited_by: list[Ref] = []


class DocsPart(Strict):
    status: Literal["ok", "skipped"]
    since: str | None = Field(None, description="the lock's accepted date")
    feeds: list[FeedResult] = []
    pages: list[PageResult] = []
    counts: dict[str, int] = {}
    message: str | None = None


class StaleItem(Strict):
    path: str
    reason: Literal["no-checked-date", "checked-too-long-ago", "older-botocore"]
    checked: str | None = None
    age_days: int | None = None
    botocore: str | None = None
    changes: list[str] = Field([], description="API changes since that botocore that the page names")


class StalePart(Strict):
    max_age_days: int
    today: str
    items: list[StaleItem] = []


class Report(Strict):
    schema_version: Literal[1] = 1
    generated: str
    since: str | None = Field(None, description="the date of the last accepted state (sources.lock.json)")
    pinned_botocore: str
    changes_found: bool
    api: ApiPart
    facts: FactsPart
    docs: DocsPart
    stale: StalePart


# ---- Markdown ----------------------------------------------------------------------------
def _refs(t: Touches, limit: int = 6) -> str:
    parts = []
    for label, refs in (("pages", t.pages), ("examples", t.examples), ("questions", t.questions), ("facts", t.facts)):
        if not refs:
            continue
        shown = []
        for r in refs[:limit]:
            tag = r.question or r.fact
            shown.append(f"`{r.path}:{r.line}`" + (f" ({tag})" if tag else ""))
        more = f" and {len(refs) - limit} more" if len(refs) > limit else ""
        parts.append(f"{label}: " + ", ".join(shown) + more)
    return "; ".join(parts)


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(r: Report) -> str:
    out = [f"# AWS changes since {r.since or 'the first run'}", ""]
    out.append(
        f"Generated {r.generated} by `make drift`. Pinned botocore: {r.pinned_botocore}. "
        + ("Something needs a look." if r.changes_found else "Nothing needs a look.")
    )
    out.append("")
    a = r.api
    out.append(f"## API models: botocore {a.from_version} -> {a.to_version}")
    out.append("")
    if a.status == "error":
        out.append(f"Could not compare: {a.message}")
    elif a.status == "same-release":
        out.append(f"The newest botocore is the pinned one ({a.to_version}): nothing to compare.")
    else:
        out.append(
            f"{a.changes_seen} changes in {len(a.services)} services; {len(a.items)} touch the guide, "
            f"{a.ignored} do not (not listed)."
        )
        if a.items:
            out += ["", "| change | service | what | match | touches |", "|---|---|---|---|---|"]
            for i in a.items:
                out.append(f"| {i.kind} | {i.service} | {_cell(i.summary)} | {i.match} | {_cell(_refs(i.touches))} |")
    out.append("")
    f = r.facts
    out.append("## Facts (docs/_data/facts.yml)")
    out.append("")
    if f.status == "missing":
        out.append(f"{f.path} does not exist yet: no facts to re-check.")
    elif f.status == "error":
        out.append(f"Could not read {f.path}: {f.message}")
    else:
        out.append(
            f"{f.checked} facts with a model reference re-read from botocore {a.to_version}; {len(f.items)} need a look."
        )
        for i in f.items:
            what = f"was {i.old!r}, now {i.new!r}" if i.status == "changed" else f"no longer resolves: {i.message}"
            out.append(f"- `{i.id}` ({f.path}:{i.line}, {i.ref}) {what}. {_refs(i.touches)}")
    out.append("")
    d = r.docs
    out.append("## Documentation")
    out.append("")
    if d.status == "skipped":
        out.append(f"Skipped: {d.message}")
    else:
        c = d.counts
        out.append(
            ", ".join(f"{c.get(k, 0)} {k}" for k in ("changed", "gone", "new", "unchanged", "unreachable"))
            + f" (of {len(d.pages)} registry pages)."
        )
        unreachable = [p for p in d.pages if p.status == "unreachable"]
        if unreachable:
            by_host: dict[str, list[PageResult]] = {}
            for p in unreachable:
                by_host.setdefault(p.url.split("/")[2], []).append(p)
            out += ["", "### Unreachable (not a finding: try again, or check by hand)", ""]
            for host, rows in sorted(by_host.items()):
                reasons = sorted({(p.message or "").split(";")[0] for p in rows})
                ids = ", ".join(f"`{p.id}`" for p in rows[:12]) + (
                    f" and {len(rows) - 12} more" if len(rows) > 12 else ""
                )
                out.append(f"- {host}: {len(rows)} pages ({'; '.join(reasons)}): {ids}")
        for title, states in (("Changed pages", ("changed", "gone")), ("Not yet in the lock file", ("new",))):
            rows = [p for p in d.pages if p.status in states]
            if not rows:
                continue
            out += ["", f"### {title}", ""]
            for p in rows[:200]:
                cited = ", ".join(
                    f"`{c.path}:{c.line}`" + (f" ({c.question or c.fact})" if c.question or c.fact else "")
                    for c in p.cited_by[:6]
                )
                more = f" and {len(p.cited_by) - 6} more" if len(p.cited_by) > 6 else ""
                note = f" {p.message}." if p.message else ""
                out.append(
                    f"- `{p.id}` {p.url} ({p.status}{', HTTP ' + str(p.http_status) if p.http_status else ''}).{note}"
                    + (f" Cited by {cited}{more}." if cited else "")
                )
        out += ["", "### Document-history feeds", ""]
        for fd in d.feeds:
            out.append(f"- `{fd.id}` {fd.url}: {fd.status}" + (f" ({fd.message})" if fd.message else ""))
            for e in fd.entries[:20]:
                out.append(f"  - {e.date or 'undated'}: {e.title}" + (f" <{e.link}>" if e.link else ""))
    out.append("")
    s = r.stale
    out.append(
        f"## Stale pages (checked more than {s.max_age_days} days before {s.today}, or against an older botocore)"
    )
    out.append("")
    if not s.items:
        out.append("None.")
    for i in s.items:
        detail = {
            "no-checked-date": "no checked date",
            "checked-too-long-ago": f"checked {i.checked}, {i.age_days} days ago",
            "older-botocore": f"checked against botocore {i.botocore}; since then: " + "; ".join(i.changes),
        }[i.reason]
        out.append(f"- `{i.path}`: {detail}")
    out += [
        "",
        "After review: `make drift-accept` records the pages' current text and the feeds' newest "
        "entries in docs/_data/sources.lock.json; commit that diff in a pull request.",
        "",
    ]
    return "\n".join(out)

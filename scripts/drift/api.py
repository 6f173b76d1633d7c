"""API model drift: what changed between two botocore releases, kept only where it touches the guide.

Kinds of change: operations added or removed, shapes removed, structure members added or removed,
enum values added or removed, a shape's min/max changed, a member's documented default changed.
Each change carries the identifiers a reader of the guide would see (the operation, the shape,
the member, the enum value, and the operations whose request or response the shape is), and the
guide index (guide.py) says where those are written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from botocore import xform_name

from macros.api_models import ModelError, _text, load_service

from .guide import TAUGHT, Guide, Where
from .report import ApiItem, Ref, Touches

DEFAULT = re.compile(
    r"\b(?:the default(?: value)?(?: is|:)|defaults? to|default:|by default,? (?:is|it is))\s+"
    r"[\"'(]?([A-Za-z0-9_.:-]+)",
    re.IGNORECASE,
)
FAN_OUT = 12  # a shape used by more members than this (a plain string type): name only the shape


@dataclass
class Change:
    kind: str
    service: str
    summary: str
    operation: str | None = None
    shape: str | None = None
    member: str | None = None
    value: str | None = None
    old: Any = None
    new: Any = None
    names: list[str] = field(default_factory=list)  # identifiers a page would write
    snake: list[str] = field(default_factory=list)  # boto3 method names


def documented_defaults(doc: str | None) -> list[str]:
    """The default values a member's documentation states ('The default value is 90')."""
    return sorted({m.group(1).rstrip(".,;:") for m in DEFAULT.finditer(_text(doc or ""))})


class Model:
    """One service model with the reverse links a change needs."""

    def __init__(self, model: dict[str, Any]):
        self.ops: dict[str, Any] = model.get("operations", {})
        self.shapes: dict[str, Any] = model.get("shapes", {})
        self.users: dict[str, list[tuple[str, str]]] = {}  # shape -> [(structure, member)]
        for sname, shape in self.shapes.items():
            for mname, member in shape.get("members", {}).items():
                self.users.setdefault(member["shape"], []).append((sname, mname))
            for key in ("member", "key", "value"):  # lists and maps pass their element on
                if key in shape and isinstance(shape[key], dict):
                    self.users.setdefault(shape[key]["shape"], []).append((sname, ""))
        self.io: dict[str, list[str]] = {}  # structure -> operations whose input/output it is
        for oname, op in self.ops.items():
            for key in ("input", "output"):
                if key in op:
                    self.io.setdefault(op[key]["shape"], []).append(oname)

    def ops_of(self, shape: str) -> list[str]:
        return self.io.get(shape, [])

    def names_for_shape(self, shape: str, depth: int = 2) -> list[str]:
        """The shape's name, the members that hold it, and the operations reached within
        `depth` structures (a KeyConfigurationType inside CreateUserPoolRequest -> CreateUserPool)."""
        names = [shape]
        frontier = [shape]
        for _ in range(depth):
            nxt = []
            for s in frontier:
                users = self.users.get(s, [])
                if len(users) > FAN_OUT:
                    continue
                for owner, member in users:
                    if member:
                        names.append(member)
                    names.extend(self.ops_of(owner))
                    nxt.append(owner)
            frontier = nxt
        names.extend(self.ops_of(shape))
        return list(dict.fromkeys(names))


def diff_service(service: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    o, n = Model(old), Model(new)
    out: list[Change] = []
    for op in sorted(set(n.ops) - set(o.ops)):
        out.append(
            Change("operation-added", service, f"new operation {op}", operation=op, names=[op], snake=[xform_name(op)])
        )
    for op in sorted(set(o.ops) - set(n.ops)):
        out.append(
            Change(
                "operation-removed",
                service,
                f"operation {op} removed",
                operation=op,
                names=[op],
                snake=[xform_name(op)],
            )
        )
    for s in sorted(set(o.shapes) - set(n.shapes)):
        out.append(Change("shape-removed", service, f"shape {s} removed", shape=s, names=[s]))
    for s in sorted(set(o.shapes) & set(n.shapes)):
        a, b = o.shapes[s], n.shapes[s]
        am, bm = a.get("members", {}), b.get("members", {})
        for m in sorted(set(bm) - set(am)):
            out.append(
                Change(
                    "member-added",
                    service,
                    f"{s} has a new member {m}",
                    shape=s,
                    member=m,
                    names=[m, *n.names_for_shape(s)],
                )
            )
        for m in sorted(set(am) - set(bm)):
            out.append(
                Change(
                    "member-removed",
                    service,
                    f"{s} lost its member {m}",
                    shape=s,
                    member=m,
                    names=[m, *o.names_for_shape(s)],
                )
            )
        ae, be = a.get("enum", []), b.get("enum", [])
        for v in [v for v in be if v not in ae]:
            out.append(
                Change(
                    "enum-added",
                    service,
                    f"{s} has a new value {v}",
                    shape=s,
                    value=v,
                    names=[v, *n.names_for_shape(s)],
                )
            )
        for v in [v for v in ae if v not in be]:
            out.append(
                Change(
                    "enum-removed",
                    service,
                    f"{s} lost the value {v}",
                    shape=s,
                    value=v,
                    names=[v, *o.names_for_shape(s)],
                )
            )
        for bound in ("min", "max"):
            if a.get(bound) != b.get(bound):
                out.append(
                    Change(
                        "limit-changed",
                        service,
                        f"{s} {bound} {a.get(bound)} -> {b.get(bound)}",
                        shape=s,
                        value=bound,
                        old=a.get(bound),
                        new=b.get(bound),
                        names=n.names_for_shape(s),
                    )
                )
        for m in sorted(set(am) & set(bm)):
            da, db = documented_defaults(am[m].get("documentation")), documented_defaults(bm[m].get("documentation"))
            if da != db:
                out.append(
                    Change(
                        "default-changed",
                        service,
                        f"{s}.{m} documented default {da or 'none'} -> {db or 'none'}",
                        shape=s,
                        member=m,
                        old=da,
                        new=db,
                        names=[m, *n.names_for_shape(s)],
                    )
                )
    return out


def _touches(wheres: list[Where]) -> Touches:
    t = Touches()
    seen = set()
    for w in sorted(wheres, key=lambda w: (w.path, w.line)):
        if (w.path, w.line, w.kind) in seen:
            continue
        seen.add((w.path, w.line, w.kind))
        ref = Ref(path=w.path, line=w.line, question=w.question, fact=w.fact, name=w.name)
        {"page": t.pages, "example": t.examples, "question": t.questions, "fact": t.facts}[w.kind].append(ref)
    return t


def fact_hits(change: Change, guide: Guide, models: tuple[dict, ...] = ()) -> list[Where]:
    """Facts whose model reference points at what changed (same service, shape and member).
    `models`: the two releases' models of the service (to follow a member to its shape)."""
    out = []
    for row in guide.facts or []:
        ref = row.get("model") or {}
        if ref.get("service") != change.service:
            continue
        same_shape = ref.get("shape") == change.shape or (
            change.operation and ref.get("shape", "").startswith(change.operation)
        )
        if not same_shape:
            # the fact reads the member's target shape: a limit or enum change there touches it
            if (
                change.kind in ("limit-changed", "enum-added", "enum-removed")
                and ref.get("shape")
                and ref.get("member")
            ):
                targets = set()
                for model in models:
                    try:
                        targets.add(model["shapes"][ref["shape"]]["members"][ref["member"]]["shape"])
                    except KeyError:
                        pass
                same_shape = change.shape in targets
        if same_shape and (not change.member or not ref.get("member") or ref.get("member") == change.member):
            fid = str(row.get("id"))
            out.append(
                Where(
                    guide.rel(guide.facts_path),
                    row["line"],
                    "fact",
                    fact=fid,
                    name=ref.get("member") or ref.get("shape"),
                )
            )
            out.extend(guide.fact_uses(fid))
    return out


MATCH_ORDER = {"direct": 0, "fact": 1, "related": 2, "taught-service": 3}


def identifiers(model: dict[str, Any]) -> set[str]:
    """Every name a model defines: operations, shapes, members, enum values."""
    names = set(model.get("operations", {})) | set(model.get("shapes", {}))
    for shape in model.get("shapes", {}).values():
        names |= set(shape.get("members", {})) | set(shape.get("enum", []))
    return names


def relevant(
    change: Change,
    guide: Guide,
    owners: dict[str, set[str]] | None = None,
    operations: set[str] | None = None,
    models: tuple[dict, ...] = (),
) -> tuple[list[Where], str, str] | None:
    """Where the change touches the guide, how directly, and why; None when it touches nothing.
    `owners`: name -> the covered services that define it (a shared name is looked for in scope);
    `operations`: the service's operation names (a one-word operation counts in its prose)."""
    owners = owners or {}
    ops = (operations or set()) | {change.operation}
    wheres: list[Where] = []
    for name in change.names:
        wheres += guide.find(name, change.service, shared=len(owners.get(name, ())) > 1, operation=name in ops)
    for name in change.snake:
        wheres += guide.find(name, change.service, snake=True, shared=len(owners.get(name, ())) > 1)
    facts = fact_hits(change, guide, models)
    own = {change.operation, change.member, change.value if change.kind.startswith("enum") else None}
    own |= {change.shape} if change.kind in ("shape-removed", "limit-changed") else set()
    own |= set(change.snake)
    if wheres or facts:
        named = sorted({w.name for w in wheres if w.name})
        match = "direct" if own & set(named) else ("fact" if facts else "related")
        why = ("the guide names " + ", ".join(named)) if named else "a fact reads it"
        return wheres + facts, match, why
    if change.kind == "operation-added" and change.service in TAUGHT:
        return (
            guide.section_pages(change.service),
            "taught-service",
            f"a new operation of {change.service}, which the guide teaches",
        )
    return None


def compare(
    services: tuple[str, ...], old_root: Path, new_root: Path, guide: Guide
) -> tuple[list[ApiItem], int, list[str]]:
    """Items that touch the guide, the number of changes seen, and per-service problems."""
    items: list[ApiItem] = []
    seen = 0
    problems = []
    models: dict[str, tuple[dict, dict]] = {}
    owners: dict[str, set[str]] = {}
    for service in services:
        try:
            models[service] = (load_service(service, str(old_root)), load_service(service, str(new_root)))
        except ModelError as exc:
            problems.append(str(exc))
            continue
        for m in models[service]:
            for name in identifiers(m):
                owners.setdefault(name, set()).add(service)
                owners.setdefault(xform_name(name), set()).add(service)
    for service, (old, new) in models.items():
        for ch in diff_service(service, old, new):
            seen += 1
            hit = relevant(
                ch, guide, owners, set(old.get("operations", {})) | set(new.get("operations", {})), (new, old)
            )
            if hit is None:
                continue
            wheres, match, why = hit
            items.append(
                ApiItem(
                    kind=ch.kind,
                    service=service,
                    operation=ch.operation,
                    shape=ch.shape,
                    member=ch.member,
                    value=ch.value,
                    old=ch.old,
                    new=ch.new,
                    summary=ch.summary,
                    match=match,
                    why=why,
                    touches=_touches(wheres),
                )
            )
    items.sort(key=lambda i: (MATCH_ORDER[i.match], services.index(i.service)))
    return items, seen, problems

"""Facts: each fact's model reference re-read from the newest models (docs/_data/facts.yml).

The agreed schema: a top-level `facts:` list; each fact has id, value, unit, claim, source (a
registry id) and an optional `model:` that is a macros.api_models.ModelRef. A fact is listed when
the newest models give another value than the pinned ones, or when its reference no longer
resolves there.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from macros.api_models import ModelError, ModelRef, resolve

from .api import _touches
from .guide import Guide, Where
from .report import FactItem, FactsPart


def check(guide: Guide, pinned_root: Path, newest_root: Path) -> FactsPart:
    path = guide.rel(guide.facts_path)
    try:
        rows = guide.facts
    except Exception as exc:  # a YAML error: say so, the other parts still run
        return FactsPart(status="error", path=path, message=str(exc))
    if rows is None:
        return FactsPart(status="missing", path=path, message="the facts file does not exist yet")
    items = []
    checked = 0
    for row in rows:
        if not row.get("model"):
            continue
        checked += 1
        fid = str(row.get("id"))
        where = [Where(path, row["line"], "fact", fact=fid), *guide.fact_uses(fid)]
        try:
            ref = ModelRef.model_validate(row["model"])
        except ValidationError as exc:
            items.append(
                FactItem(
                    id=fid,
                    line=row["line"],
                    ref=str(row["model"]),
                    status="unresolved",
                    value=row.get("value"),
                    message=f"not a valid model reference: {exc.errors()[0]['msg']}",
                    touches=_touches(where),
                )
            )
            continue
        try:
            old = resolve(ref, data_root=pinned_root)
        except ModelError:
            old = row.get("value")
        try:
            new = resolve(ref, data_root=newest_root)
        except ModelError as exc:
            items.append(
                FactItem(
                    id=fid,
                    line=row["line"],
                    ref=ref.describe(),
                    status="unresolved",
                    value=row.get("value"),
                    old=old,
                    message=str(exc),
                    touches=_touches(where),
                )
            )
            continue
        if new != old:
            items.append(
                FactItem(
                    id=fid,
                    line=row["line"],
                    ref=ref.describe(),
                    status="changed",
                    value=row.get("value"),
                    old=old,
                    new=new,
                    touches=_touches(where),
                )
            )
    return FactsPart(status="ok", path=path, checked=checked, items=items)

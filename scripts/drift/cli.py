"""`make drift` and `make drift-accept`.

python -m scripts.drift                 # the report: drift-report/drift.md and drift.json
BOTOCORE_FROM=1.43.11 BOTOCORE_TO=1.44.8 python -m scripts.drift   # replay the API part
python -m scripts.drift accept          # record the pages and feeds as they are now
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Callable

from . import api, confirm, docs, facts, stale
from .botocore_src import PINNED, ModelSet, installed, release
from .guide import ROOT, SERVICES, Guide
from .report import ApiPart, DocsPart, Report, markdown

SERVICE_LIST = tuple(SERVICES)


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="drift", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", nargs="?", choices=("run", "accept"), default="run")
    p.add_argument(
        "--from",
        dest="from_version",
        default=os.environ.get("BOTOCORE_FROM") or None,
        help="botocore release to compare from (default: the installed, pinned one; env BOTOCORE_FROM)",
    )
    p.add_argument(
        "--to",
        dest="to_version",
        default=os.environ.get("BOTOCORE_TO") or None,
        help="botocore release to compare to (default: the newest on PyPI; env BOTOCORE_TO)",
    )
    p.add_argument("--out", type=Path, default=ROOT / "drift-report")
    p.add_argument("--root", type=Path, default=ROOT, help="the guide's repository (tests point it at a copy)")
    p.add_argument("--lock", type=Path, default=None, help="default: <root>/docs/_data/sources.lock.json")
    p.add_argument("--facts", type=Path, default=None, help="default: <root>/docs/_data/facts.yml")
    p.add_argument(
        "--docs",
        choices=("auto", "on", "off"),
        default="auto",
        help="the documentation part (auto: on, except when replaying two releases)",
    )
    p.add_argument("--today", type=dt.date.fromisoformat, default=None)
    return p.parse_args(argv)


def run(
    argv: list[str] | None = None,
    *,
    models_of: Callable[[str | None], ModelSet] | None = None,
    fetcher: docs.Fetcher | None = None,
) -> Report:
    a = _args(argv)
    started = time.monotonic()
    today = a.today or dt.date.today()
    guide = Guide(a.root, a.facts)
    lock = a.lock or a.root / "docs" / "_data" / docs.LOCK_NAME
    get = models_of or (lambda v: installed() if v == PINNED else release(v, SERVICE_LIST))

    if a.command == "accept":
        result = docs.check(guide, lock, fetcher or docs.Fetcher(), today)
        docs.write_lock(lock, result.lock_now)
        c = result.part.counts
        print(
            f"{guide.rel(lock)}: {len(result.lock_now['pages'])} page fingerprints, {len(result.lock_now['feeds'])} feeds "
            f"({c['changed']} changed, {c['new']} new, {c['unreachable']} unreachable kept as they were). Review with `git diff`."
        )
        statuses = {p.id: p.status for p in result.part.pages}
        confirmed, kept = confirm.confirm_pages(guide, statuses, today, PINNED)
        print(
            f"checked dates: {len(confirmed)} section page(s) now read {today.isoformat()} against botocore {PINNED}; "
            f"{len(kept)} kept their date (a cited source could not be fetched): {', '.join(kept) or 'none'}"
        )
        return None

    replay = a.from_version is not None
    try:
        old = get(a.from_version) if replay else installed()
    except Exception as exc:
        sys.exit(f"drift: cannot get botocore {a.from_version}: {exc}")
    api_problem = None
    try:
        new = get(a.to_version)
    except Exception as exc:  # PyPI unreachable: the other parts still run
        new, api_problem = old, f"cannot get botocore {a.to_version or '(newest)'}: {exc}"

    if api_problem:
        api_part = ApiPart(
            status="error", from_version=old.version, to_version="?", services=list(SERVICE_LIST), message=api_problem
        )
    elif new.version == old.version:
        api_part = ApiPart(
            status="same-release", from_version=old.version, to_version=new.version, services=list(SERVICE_LIST)
        )
    else:
        items, seen, problems = api.compare(SERVICE_LIST, old.data_root, new.data_root, guide)
        api_part = ApiPart(
            status="ok",
            from_version=old.version,
            to_version=new.version,
            services=list(SERVICE_LIST),
            items=items,
            changes_seen=seen,
            ignored=seen - len(items),
            message="; ".join(problems) or None,
        )
    print(
        f"api: {api_part.from_version} -> {api_part.to_version}: {api_part.status}, {len(api_part.items)} items "
        f"({time.monotonic() - started:.1f} s)",
        file=sys.stderr,
    )

    facts_part = facts.check(guide, old.data_root, new.data_root)
    stale_part = stale.check(guide, today, installed() if not replay else old, lambda v: get(v))

    with_docs = a.docs == "on" or (a.docs == "auto" and not replay)
    if with_docs:
        docs_part = docs.check(guide, lock, fetcher or docs.Fetcher(), today).part
        print(f"docs: {docs_part.counts} ({time.monotonic() - started:.1f} s)", file=sys.stderr)
    else:
        docs_part = DocsPart(
            status="skipped",
            since=docs.read_lock(lock).get("accepted"),
            message="replaying two botocore releases: the documentation part is left out (--docs on to include it)",
        )

    found = bool(
        api_part.items
        or facts_part.items
        or stale_part.items
        or docs_part.counts.get("feed-entries")
        or docs_part.counts.get("changed")
        or docs_part.counts.get("gone")
    )
    report = Report(
        generated=dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        since=docs_part.since,
        pinned_botocore=PINNED,
        changes_found=found,
        api=api_part,
        facts=facts_part,
        docs=docs_part,
        stale=stale_part,
    )
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / "drift.json").write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    (a.out / "drift.md").write_text(markdown(report), encoding="utf-8")
    print(
        f"wrote {a.out}/drift.md and drift.json: changes found: {'yes' if found else 'no'} "
        f"({time.monotonic() - started:.1f} s)",
        file=sys.stderr,
    )
    return report


def main(argv: list[str] | None = None) -> int:
    run(argv)
    return 0

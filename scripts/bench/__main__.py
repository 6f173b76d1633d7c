"""`python -m scripts.bench`: run the measuring steps, write the report (see __init__.py)."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from .builds import PLAIN_MEANING, bench_builds
from .common import ROOT, Figure, StaticServer, copy_project
from .handout import bench_handout
from .items import bench_items
from .lighthouse import bench_lighthouse
from .report import write_report
from .scale import bench_scale
from .serve import bench_serve
from .suite import bench_test_fast, bench_tests
from .weight import bench_weight

# "tests" (the whole suite, minutes) runs with --with-tests or --only; every other step by default.
STEPS = ("items", "builds", "serve", "scale", "weight", "lighthouse", "handout", "test-fast", "tests")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure that is not slow (default 3)")
    parser.add_argument("--with-tests", action="store_true", help="also time the whole test suite once (minutes)")
    parser.add_argument("--skip-serve", action="store_true")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    parser.add_argument("--only", default=",".join(STEPS[:-1]), help=f"comma-separated subset of: {', '.join(STEPS)}")
    parser.add_argument(
        "--site", type=Path, help="measure weight and Lighthouse on this built site instead of building one"
    )
    args = parser.parse_args(argv)
    steps = set(args.only.split(","))
    if unknown := steps - set(STEPS):
        parser.error(f"unknown step(s) {', '.join(sorted(unknown))}; choose from {', '.join(STEPS)}")
    if args.skip_serve:
        steps.discard("serve")
    if args.skip_lighthouse:
        steps.discard("lighthouse")

    args.out.mkdir(parents=True, exist_ok=True)
    figures: list[Figure] = []
    started = time.perf_counter()
    if "items" in steps:
        print("bench: question banks against the naive strategies ...", flush=True)
        figures += bench_items()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        project = copy_project(work / "project")
        site = args.site
        if "builds" in steps or (site is None and steps & {"serve", "weight", "lighthouse"}):
            print("bench: builds (cold, then warm and plain in pairs) ...", flush=True)
            build_figures, site = bench_builds(project, work, args.runs)
            figures += build_figures
        serve_1x = None
        if "serve" in steps:
            print("bench: make serve edit latency ...", flush=True)
            serve_1x = bench_serve(project, args.runs)
            figures += serve_1x
        if "scale" in steps:
            print("bench: twice the content (builds, serve reload, page weight at 2x) ...", flush=True)
            figures += bench_scale(
                project, copy_project(work / "project-2x"), work, args.runs, "serve" in steps, serve_1x
            )
        if steps & {"weight", "lighthouse"}:
            server = StaticServer(site)
            try:
                if "weight" in steps:
                    print("bench: page weight ...", flush=True)
                    figures += bench_weight(site, server.base)
                if "lighthouse" in steps:
                    print("bench: Lighthouse ...", flush=True)
                    figures += bench_lighthouse(server.base, args.out)
            finally:
                server.close()
        if "handout" in steps:
            print("bench: make handout ...", flush=True)
            figures.append(bench_handout(copy_project(work / "handout-project")))
    if "test-fast" in steps:
        print("bench: make test-fast (its pytest command once) ...", flush=True)
        figures.append(bench_test_fast(args.out))
    if args.with_tests or "tests" in steps:
        print("bench: make test (pytest once) ...", flush=True)
        figures.append(bench_tests(args.out))

    write_report(args.out, figures, args.runs, time.perf_counter() - started, PLAIN_MEANING)
    failed = [f.name for f in figures if f.status == "FAIL"]
    if failed:
        print(f"bench: {len(failed)} budget(s) FAILED: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

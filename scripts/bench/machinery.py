"""What the build's own machinery costs, timed inside one warm build: the event handlers of the
macros plugin and of the diagram hook, against the whole build. Both times come from the same
process, so a drift of the machine's speed moves them together; the side-by-side warm / plain
ratio compares two processes, and moves with any drift between them.

In a project copy: `python -m scripts.bench.machinery build --strict -f mkdocs.yml -d SITE` (the
arguments of `mkdocs build`) builds and prints one JSON line, {"build": seconds, "machinery":
{plugin: seconds}}.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from .common import Build, Figure, median

# Plugin and hook names as MkDocs records them (PluginCollection._event_origins).
MACHINERY = ("macros", "hooks/draw_diagrams.py")


def time_handlers(plugins: Any, totals: Counter, origins: tuple[str, ...] = MACHINERY) -> int:
    """Wrap the event handlers of `origins` in `plugins` (a PluginCollection) so each call adds
    its time to totals[origin]; how many were wrapped."""
    known = getattr(plugins, "_event_origins", None)
    if known is None:
        raise SystemExit(
            "bench: this MkDocs keeps no PluginCollection._event_origins; update scripts/bench/machinery.py"
        )
    wrapped = 0
    for methods in plugins.events.values():
        for i, method in enumerate(methods):
            origin = known.get(method)
            if origin not in origins:
                continue

            def handler(*args, _method=method, _origin=origin, **kwargs):
                start = time.perf_counter()
                try:
                    return _method(*args, **kwargs)
                finally:
                    totals[_origin] += time.perf_counter() - start

            methods[i] = handler
            known[handler] = origin
            wrapped += 1
    return wrapped


def main(argv: list[str]) -> None:
    from mkdocs.__main__ import cli
    from mkdocs.commands import build

    totals: Counter = Counter()
    original = build.build

    def timed_build(config, **kwargs):
        if not time_handlers(config.plugins, totals):
            raise SystemExit(f"bench: none of {MACHINERY} handles an event in this config")
        return original(config, **kwargs)

    if argv[:1] != ["build"]:
        raise SystemExit("usage: python -m scripts.bench.machinery build [mkdocs build options]")
    build.build = timed_build
    start = time.perf_counter()
    cli(argv, standalone_mode=False)
    print(json.dumps({"build": time.perf_counter() - start, "machinery": dict(totals)}))


def machinery_figure(project: Path, dest: Path, runs: int, label: str = "") -> Figure:
    """The machinery's share of a warm build, the median of `runs` builds (info: the budget is
    the side-by-side ratio; this says how much of it is the machinery's own work)."""
    shares, seconds, totals = [], [], []
    for i in range(runs):
        result = Build(project, dest / f"m{i}", entry="scripts.bench.machinery").run()
        data = json.loads(next(line for line in result.output.splitlines() if line.startswith('{"build"')))
        spent = sum(data["machinery"].values())
        shares.append(spent / data["build"])
        seconds.append(spent)
        totals.append(data["build"])
    share = median(shares)
    return Figure(
        f"{label}macros and diagram hook, timed inside a warm build",
        round(share * 100, 1),
        "%",
        runs,
        note=f"{median(seconds):.2f} s of {median(totals):.2f} s; the warm / plain ratio that implies: {1 / (1 - share):.2f} "
        "(their event handlers only: the plugin's import and configuration are not counted)",
    )


if __name__ == "__main__":
    main(sys.argv[1:])

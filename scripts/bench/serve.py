"""`make serve` live reload: seconds from saving a page (and a diagram program) to the
changed page being served."""

from __future__ import annotations

import re
import subprocess
import uuid
from pathlib import Path
from typing import Callable

from scripts.project import SERVE_RELOAD_BUDGET_S, read_mkdocs_config

from .common import Figure, env, fetch, free_port, median, python, site_path, stop, verdict, wait_for

# What `make serve` runs (Makefile, target serve); tests/test_bench.py keeps the two in step.
SERVE_ARGS = ["serve", "--strict", "--dirty"]

EDITED_PAGE = "docs/kms/index.md"


EDITED_PAGE_URL = "kms/"


EDITED_DIAGRAM = "kms-data-key-flow"


def edit_first_label(program: str, token: str) -> str:
    """Put `token` into the first node label of a diagram program (flow.node(key, Icon, "label"))."""
    pattern = re.compile(r'(flow\.node\(\s*"[^"]+",\s*[\w.]+,\s*")')
    edited, count = pattern.subn(lambda m: m.group(1) + token + " ", program, count=1)
    if count != 1:
        raise ValueError('no flow.node(key, Icon, "label") call found to edit')
    return edited


def bench_serve(project: Path, runs: int, diagram: bool = True) -> list[Figure]:
    config = read_mkdocs_config(project)
    port = free_port()
    base = f"http://127.0.0.1:{port}{site_path(config.get('site_url'))}"
    log_path = project / "serve.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [python(), "-m", "mkdocs", *SERVE_ARGS, "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        startup = wait_for(lambda: fetch(base + EDITED_PAGE_URL) is not None, 900, f"mkdocs serve to answer on {base}")

        def rebuilds() -> int:
            return log_path.read_text(errors="replace").count("Reloading browsers")

        def edit_and_wait(apply: Callable[[str], None], url: str, token: str) -> float:
            done = rebuilds()
            apply(token)
            return wait_for(
                lambda: token.encode() in (fetch(url) or b"") and rebuilds() > done, 900, f"'{token}' at {url}"
            )

        page = project / EDITED_PAGE

        def append_line(token: str) -> None:
            with open(page, "a", encoding="utf-8") as handle:
                handle.write(f"\n\n{token}\n")

        page_times = [
            edit_and_wait(append_line, base + EDITED_PAGE_URL, f"bench-{uuid.uuid4().hex[:10]}") for _ in range(runs)
        ]

        program = project / "diagrams" / f"{EDITED_DIAGRAM}.py"

        def relabel(token: str) -> None:
            program.write_text(edit_first_label(program.read_text(encoding="utf-8"), token), encoding="utf-8")

        diagram_time = (
            edit_and_wait(relabel, f"{base}assets/diagrams/{EDITED_DIAGRAM}.svg", f"B{uuid.uuid4().hex[:6]}")
            if diagram
            else None
        )
    finally:
        stop(server)
    page_time = median(page_times)
    figures = [
        Figure("make serve: start until the first page is served", startup, "s", 1, note="a full strict build"),
        Figure(
            "make serve: page edit until the new page is served",
            page_time,
            "s",
            runs,
            f"<= {SERVE_RELOAD_BUDGET_S:.0f} s",
            verdict(page_time, SERVE_RELOAD_BUDGET_S),
            note="time from saving until the rebuilt page holds the new line and the rebuild has finished "
            f"(runs: {', '.join(f'{t:.2f}' for t in page_times)} s); hooks/serve_reload.py rebuilds that page alone",
        ),
    ]
    if diagram_time is not None:
        figures.append(
            Figure(
                "make serve: diagram edit until the new SVG is served",
                diagram_time,
                "s",
                1,
                note=f"1 run (slow): a label of diagrams/{EDITED_DIAGRAM}.py changed, so it is drawn again "
                "and every page rebuilt (a diagram's steps are listed on its page)",
            )
        )
    return figures

"""The measuring kit every step shares: a figure and its verdict, timed commands and builds in
a throwaway copy of the project, and a gzip-aware static server for weight and Lighthouse."""

from __future__ import annotations

import gzip
import io
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterable
from urllib.error import URLError
from urllib.parse import urlparse
from urllib.request import urlopen

from scripts.project import COPY_IGNORE, ROOT, VENV_PYTHON, copy_project, dump_mkdocs_config, read_mkdocs_config  # noqa: F401  (shared with the steps)


@dataclass
class Figure:
    name: str
    value: float | str | None
    unit: str = ""
    runs: int = 0
    budget: str = ""
    status: str = "info"  # PASS | FAIL | info | n/a
    note: str = ""
    detail: dict = field(default_factory=dict)


def median(values: Iterable[float]) -> float:
    values = list(values)
    if not values:
        raise ValueError("median of no values")
    return statistics.median(values)


def verdict(value: float, limit: float, *, at_most: bool = True) -> str:
    return "PASS" if (value <= limit if at_most else value >= limit) else "FAIL"


def gzip_size(data: bytes) -> int:
    # Level 6 is what web servers and GitHub Pages use by default; mtime=0 keeps it reproducible.
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def transfer_size(data: bytes) -> int:
    """Bytes on the wire for a body a server gzips when that helps (PNG, WOFF2 do not shrink)."""
    return min(len(data), gzip_size(data))


def site_path(site_url: str | None) -> str:
    """The path `mkdocs serve` mounts the site at: site_url's path, always ending in '/'."""
    path = urlparse(site_url or "").path or "/"
    return path if path.endswith("/") else path + "/"


def kb(n: int) -> float:
    return round(n / 1024, 1)


def python() -> str:
    return str(VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable))


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", **extra}


@dataclass
class Timed:
    wall: float
    cpu: float
    returncode: int
    output: str


def timed(cmd: list[str], cwd: Path, timeout: float = 1800, extra_env: dict | None = None) -> Timed:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env(**(extra_env or {})), capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timed(wall, cpu, result.returncode, result.stdout + result.stderr)


def free_cpus() -> list[int]:
    """The CPUs this process may run on, in order."""
    return sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []


def timed_at_once(
    commands: list[tuple[list[str], Path, dict | None]], cpus: list[int], timeout: float = 1800
) -> list[Timed]:
    """Start every command at the same moment, command k pinned to cpus[k], and time each to
    its own exit (wall, and its own CPU from wait4: RUSAGE_CHILDREN would sum them)."""
    if len(cpus) < len(commands):
        raise ValueError(f"{len(commands)} commands need {len(commands)} CPUs, got {cpus}")
    results: list[Timed | None] = [None] * len(commands)

    def run(k: int, cmd: list[str], cwd: Path, extra_env: dict | None) -> None:
        with tempfile.TemporaryFile() as out:
            start = time.perf_counter()
            proc = subprocess.Popen(
                cmd,
                cwd=cwd,
                env=env(**(extra_env or {})),
                stdout=out,
                stderr=subprocess.STDOUT,
                preexec_fn=lambda: os.sched_setaffinity(0, {cpus[k]}),
            )
            killer = threading.Timer(timeout, proc.kill)
            killer.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                killer.cancel()
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
            out.seek(0)
            output = out.read().decode("utf-8", "replace")
        results[k] = Timed(wall, usage.ru_utime + usage.ru_stime, proc.returncode, output)

    threads = [threading.Thread(target=run, args=(k, *command)) for k, command in enumerate(commands)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [r for r in results if r is not None]


# Build-time ratios (warm / plain, 2x / 1x) come from at least this many side-by-side pairs, in
# alternating order: with 3 pairs in one order, the same commit's warm / plain moved from 1.04 to
# 1.20 between benches, as this machine's speed drifted between the two builds of a pair. Five
# pairs of one commit still ran from 0.88 to 1.14 (2026-12-03); the note lists them.
RATIO_PAIRS = 7

# Warm / plain pairs run at the same moment, one build per CPU, when there are two: this machine's
# speed drifts by up to 25 % between one build and the next (the same plain build took 5.9 s,
# then 7.3 s), and a drift then hits both builds of a pair alike. Run one after the other, 6 pairs
# of one commit read 0.83 to 1.25; run at once, 8 pairs read 0.96 to 1.15 (2026-12-03). Pairs
# at once are cheap (one build's time), so there are more of them.
AT_ONCE_PAIRS = 9


def pair_count(runs: int, at_once: bool = False) -> int:
    return max(runs, AT_ONCE_PAIRS if at_once else RATIO_PAIRS)


def pair_ratios(ratios: Iterable[float]) -> str:
    """The pairs behind a median ratio, in run order, so a reader sees the spread."""
    return "pairs " + ", ".join(f"{r:.2f}" for r in ratios)


def in_turn(i: int, *steps: Callable[[], Timed]) -> list[Timed]:
    """Run the steps of pair i, in order on even i and in reverse on odd i (a drift of the
    machine's speed then favours neither side); the results in the steps' order."""
    order = list(range(len(steps)))
    if i % 2:
        order.reverse()
    results: dict[int, Timed] = {}
    for k in order:
        results[k] = steps[k]()
    return [results[k] for k in range(len(steps))]


@dataclass
class Build:
    """One build to time: `project`'s `config` into `dest`."""

    project: Path
    dest: Path
    config: str = "mkdocs.yml"
    strict: bool = True
    extra_env: dict | None = None
    entry: str = "mkdocs"  # the module `python -m` runs: MkDocs' command line, or one that wraps it

    def prepared_command(self) -> list[str]:
        # Every build starts without its site folder, outside the timing: emptying a full one made
        # a build 0.6 s slower here (MkDocs deletes the old files first), which the warm builds paid
        # in their reused folder while the plain builds, each in a new one, did not.
        shutil.rmtree(self.dest, ignore_errors=True)
        cmd = [python(), "-m", self.entry, "build", "-f", str(self.project / self.config), "-d", str(self.dest)]
        if self.strict:
            cmd.insert(4, "--strict")  # never -q: it hides the warnings --strict counts
        return cmd

    def checked(self, result: Timed) -> Timed:
        if result.returncode != 0:
            raise SystemExit(
                f"bench: the build of {self.config} failed, so there is nothing to measure:\n{result.output[-3000:]}"
            )
        return result

    def run(self) -> Timed:
        return self.checked(timed(self.prepared_command(), self.project, extra_env=self.extra_env))


def build(
    project: Path, dest: Path, config: str = "mkdocs.yml", strict: bool = True, extra_env: dict | None = None
) -> Timed:
    return Build(project, dest, config, strict, extra_env).run()


def can_pair_at_once() -> bool:
    return len(free_cpus()) >= 2


def pairs(first: Build, second: Build, runs: int, *, ratio: bool = False) -> tuple[list[Timed], list[Timed]]:
    """`runs` pairs of the two builds: at the same moment when there are two CPUs (at_once),
    else one after the other in alternating order (in_turn). For a ratio with a budget
    (`ratio=True`), at least as many as pair_count asks for the way they run."""
    together = can_pair_at_once()
    count = pair_count(runs, together) if ratio else runs
    timed = [at_once(i, first, second) if together else in_turn(i, first.run, second.run) for i in range(count)]
    return [a for a, _ in timed], [b for _, b in timed]


def pairing() -> str:
    return "at the same moment, one per CPU" if can_pair_at_once() else "one after the other"


def at_once(i: int, first: Build, second: Build) -> list[Timed]:
    """Pair i's two builds at the same moment, each on its own CPU; the CPUs swap on odd i (so
    a difference between the two CPUs favours neither side). The results in the builds' order."""
    cpus = free_cpus()[:2]
    if i % 2:
        cpus.reverse()
    builds = (first, second)
    results = timed_at_once([(b.prepared_command(), b.project, b.extra_env) for b in builds], cpus)
    return [b.checked(r) for b, r in zip(builds, results)]


def read_config(project: Path) -> dict:
    return read_mkdocs_config(project)


def write_config(project: Path, name: str, config: dict) -> str:
    (project / name).write_text(dump_mkdocs_config(config), encoding="utf-8")
    return name


def fetch(url: str) -> bytes | None:
    try:
        with urlopen(url, timeout=5) as response:
            return response.read()
    except (URLError, OSError):
        return None


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if check():
            return time.perf_counter() - start
        time.sleep(0.1)
    raise TimeoutError(f"waited {timeout:.0f} s for {what}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    # Its own session: signal its process group by its own pid, nothing else.
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def has_make_target(project: Path, target: str) -> bool:
    return re.search(rf"^{re.escape(target)}\s*:", (project / "Makefile").read_text(), re.M) is not None


class _GzipHandler(SimpleHTTPRequestHandler):
    """Serves text gzipped when the client accepts it, as GitHub Pages does, so Lighthouse
    sees the bytes a reader would download."""

    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the stock redirect to the slash form
            path = path / "index.html"
        if not (
            path.suffix in self.COMPRESSIBLE and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class StaticServer:
    """The built site on a free 127.0.0.1 port, in a thread of this process."""

    def __init__(self, directory: Path):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", free_port()), partial(_GzipHandler, directory=str(directory)))
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

"""Fixtures: the site is built once per test run, strictly, into a temporary folder (in the
background, from the moment the tests are collected), served once per process, and audited once.
`make test` runs two processes (pytest-xdist); what they share is made once (tests/support.py
once_per_run). The helpers they use live in tests/support.py."""

from __future__ import annotations

import gc
import json
import os
import sys
import threading
from pathlib import Path

import pytest

from tests.support import (
    IN_CI,
    ROOT,
    audit_pages,
    audit_plan,
    axe_script,
    copy_project,
    launch_chromium,
    minimal_project,
    once_per_run,
    origin_of,
    require_tool,
    run_handout,
    serve_site,
    site_path_prefix,
    start_site_build,
    wait_for_site_build,
)


def reused_site() -> Path | None:
    reuse = os.environ.get("SITE_DIR")
    return Path(reuse) if reuse and (Path(reuse) / "index.html").exists() else None


def pytest_collection_finish(session):
    # Under --dist loadgroup xdist tags a grouped test's id with "@<group>". Untagged, the groups
    # fall apart without a word (pytest 9 with xdist 3.8) and the shared work is done twice.
    if getattr(session.config.option, "loadgroup", False):
        lost = [i.nodeid for i in session.items if i.get_closest_marker("xdist_group") and "@" not in i.nodeid]
        if lost:
            raise pytest.UsageError(
                f"pytest-xdist ignored the xdist_group of {lost[0]} (and {len(lost) - 1} more): pin pytest<9"
            )
    # Start the whole-site build now if any selected test needs it: it runs beside the tests
    # that do not (data, macros, bad-input builds), on the second core.
    if reused_site() is None and any("built_site" in item.fixturenames for item in session.items):
        start_site_build(session.config)


@pytest.fixture(scope="session")
def built_site(pytestconfig) -> Path:
    """The whole site, built once per run. Set SITE_DIR to reuse a site already built by `make build`."""
    return reused_site() or wait_for_site_build(pytestconfig)


# Fixtures that build, serve or browse the whole site: a test using one is marked `site`, and
# `make test-fast` leaves it out, with the browser, slow, tools and emulator tests.
SITE_FIXTURES = {
    "built_site",
    "site_url",
    "site_visits",
    "chromium",
    "project_copy",
    "minimal_copy",
    "handout",
    "printed_page",
    "printed_pdfs",
}


# Fixtures that run Graphviz over every diagram program.
TOOL_FIXTURES = {"rendered"}


# Work made once per run (tests/support.py once_per_run): the tests that read one run on one
# xdist worker, as one unit, so the other worker never waits for it.
SHARED_WORK_GROUPS = {"site_visits": "axe-pass", "printed_pdfs": "printed-pdfs"}

# Module fixtures worth making once: xdist hands a module's tests to both processes, and each
# would make its own (Graphviz over every diagram program; a Java start of the HTML checker).
ONE_PROCESS_GROUPS = {"rendered": "diagram-renders", "findings": "html-checker"}


@pytest.hookimpl(tryfirst=True)  # before xdist reads the xdist_group marks
def pytest_collection_modifyitems(config, items):
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if SITE_FIXTURES & fixtures:
            item.add_marker(pytest.mark.site)
        if TOOL_FIXTURES & fixtures:
            item.add_marker(pytest.mark.tools)
        for fixture, group in {**SHARED_WORK_GROUPS, **ONE_PROCESS_GROUPS}.items():
            if fixture in fixtures:
                item.add_marker(pytest.mark.xdist_group(group))

    # The order work is handed out in: tests that need no built site first (the build runs in
    # the background meanwhile), then the two long shared units, then the other site tests;
    # last, a test that reads other tests' outcomes (test_outcomes).
    def order(item) -> tuple[int, int]:
        fixtures = set(getattr(item, "fixturenames", ()))
        stage = 0 if "built_site" not in fixtures else 1 if fixtures & set(SHARED_WORK_GROUPS) else 2
        return (item.get_closest_marker("after_others") is not None, stage)

    items.sort(key=order)


_OUTCOMES: dict[str, str] = {}


def pytest_runtest_logreport(report):
    # "passed" only when setup, call and teardown all passed. Under --dist loadgroup a test's id
    # carries "@<group>": outcomes are kept under the plain id.
    nodeid = report.nodeid.split("@", 1)[0]
    if report.failed or report.skipped:
        _OUTCOMES[nodeid] = report.outcome
    elif report.when == "call":
        _OUTCOMES.setdefault(nodeid, "passed")


@pytest.fixture
def test_outcomes() -> dict[str, str]:
    """nodeid -> passed / failed / skipped, for the tests this session has run so far."""
    return _OUTCOMES


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    # pytest ends each process with five full garbage collections, so that an exception raised
    # while an object is freed is reported (_pytest/unraisableexception.py). A worker's heap holds
    # the parsed site (read_page) by then: each pass took 0.6-1 s, at the very end of the run. One
    # pass here frees what is garbage (under the same report); what survives it is still in use,
    # so freezing it (gc.freeze) leaves pytest's five passes nothing but new garbage to visit.
    gc.collect()
    gc.freeze()
    # CI must never pass with a skipped test: a skip there means a missing install step.
    if not IN_CI:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        names = ", ".join(getattr(r, "nodeid", "?") for r in skipped[:10])
        print(f"\nCI=true: {len(skipped)} test(s) skipped, which CI does not allow: {names}", file=sys.stderr)
        session.exitstatus = 1


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A throwaway copy of the project to break on purpose (tests/support.py copy_project)."""
    return copy_project(tmp_path / "project", share_cache=True)


@pytest.fixture
def minimal_copy(tmp_path) -> Path:
    """A throwaway copy of the project with four short pages (tests/fixtures/minimal-site): the
    real data, macros and hooks, built in about a second, to break on purpose."""
    return minimal_project(tmp_path / "project")


@pytest.fixture
def bank_dir(tmp_path, monkeypatch) -> Path:
    """A copy of the fixture banks (tests/fixtures/questions) that load_banks() reads instead of
    docs/_data/questions, to break on purpose."""
    import shutil

    from macros import quiz_bank

    target = tmp_path / "questions"
    shutil.copytree(ROOT / "tests" / "fixtures" / "questions", target)
    monkeypatch.setattr(quiz_bank, "QUESTIONS_DIR", target)
    return target


@pytest.fixture(scope="session")
def printed_pdfs(built_site, pytestconfig) -> dict[str, Path]:
    """`python -m scripts.handout` run once per run, as `make handout` runs it: {"handout": PDF,
    "cram": PDF}. The handout and the cram-sheet tests read these two files back."""
    require_tool("chromium")

    def render(out: Path) -> dict[str, str]:
        pdfs = {"handout": out / "handout.pdf", "cram": out / "cram-sheet.pdf"}
        result = run_handout(str(built_site), "--output", str(pdfs["handout"]), "--cram-output", str(pdfs["cram"]))
        assert result.returncode == 0, result.stdout + result.stderr
        for pdf in pdfs.values():
            assert pdf.exists() and f"Wrote {pdf}" in result.stdout, result.stdout
        return {name: str(path) for name, path in pdfs.items()}

    return {name: Path(path) for name, path in once_per_run(pytestconfig, "pdfs", render).items()}


@pytest.fixture(scope="session")
def site_url(built_site):
    base, stop = serve_site(built_site, site_path_prefix())
    yield base
    stop()


@pytest.fixture(scope="module")
def chromium():
    """The system Chromium, driven by Playwright (it cannot download its own browser here).
    Module scope: Playwright's sync API allows one instance per thread, and other test modules
    start their own."""
    require_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site_visits(site_url, built_site, pytestconfig) -> dict[str, dict[str, dict]]:
    """Every page opened and audited with axe-core as tests/support.py audit_plan says (the
    template pages in both colour schemes, the others in the light one), once per run, for the
    accessibility and the privacy gates to share. The pass runs in a thread of its own with its
    own Playwright, so it never meets another module's instance."""
    require_tool("chromium")

    def audit(_folder: Path) -> dict:
        outcome: dict = {}

        def run():
            from playwright.sync_api import sync_playwright

            try:
                with sync_playwright() as p:
                    browser = launch_chromium(p)
                    try:
                        visits = audit_pages(browser, site_url, audit_plan(built_site), axe_script())
                    finally:
                        browser.close()
                # Addresses carry this process's port: keep them without it.
                outcome["visits"] = json.loads(json.dumps(visits).replace(origin_of(site_url), SITE_ORIGIN_MARK))
            except BaseException as error:  # re-raised in the test's thread
                outcome["error"] = error

        worker = threading.Thread(target=run, name="site-visits")
        worker.start()
        worker.join()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["visits"]

    visits = once_per_run(pytestconfig, "site-visits", audit)
    return json.loads(json.dumps(visits).replace(SITE_ORIGIN_MARK, origin_of(site_url)))


SITE_ORIGIN_MARK = "@site-origin@"

"""The benchmark script's pure parts: budgets, sizes, the plain-build config and stub, the
diagram edit, Lighthouse audit parsing. (The benchmark itself is `make bench`, not a test.)"""

from __future__ import annotations

import gzip
from types import SimpleNamespace

import pytest
import yaml

from macros.data import read_yaml
from scripts.bench import builds, common, lighthouse, machinery, report, serve, suite, weight
from scripts.project import dump_mkdocs_config, read_mkdocs_config
from tests.support import ROOT

# The measuring steps' pure parts, one namespace for these tests.
bench = SimpleNamespace(
    **{
        name: getattr(module, name)
        for module in (builds, common, lighthouse, machinery, report, serve, suite, weight)
        for name in dir(module)
        if not name.startswith("__")
    }
)


def test_median_and_verdict():
    assert bench.median([3.0, 1.0, 2.0]) == 2.0
    assert bench.verdict(1.10, 1.10) == "PASS"
    assert bench.verdict(1.11, 1.10) == "FAIL"
    assert bench.verdict(100, 100, at_most=False) == "PASS"
    assert bench.verdict(99, 100, at_most=False) == "FAIL"
    with pytest.raises(ValueError):
        bench.median([])


def test_ratio_pairs_alternate_their_order_and_are_listed():
    ran: list[str] = []

    def step(name):
        return lambda: ran.append(name) or name

    assert [bench.in_turn(i, step("warm"), step("plain")) for i in range(3)] == [["warm", "plain"]] * 3
    assert ran == ["warm", "plain", "plain", "warm", "warm", "plain"]
    assert bench.pair_count(3) == bench.RATIO_PAIRS and bench.pair_count(bench.RATIO_PAIRS + 2) == bench.RATIO_PAIRS + 2
    assert bench.pair_ratios([1.061, 0.88, 1.145]) == "pairs 1.06, 0.88, 1.15"


def test_commands_at_once_run_together_on_their_own_cpus_and_report_their_own_cpu_time(tmp_path):
    import sys

    cpus = (bench.free_cpus() * 2)[:2]
    # Each command leaves a mark, then waits for the other's: run one after the other, the
    # first would give up after 20 s and exit 1.
    meet = (
        "import os, sys, time, pathlib; print(sorted(os.sched_getaffinity(0)));"
        "mine, theirs = map(pathlib.Path, sys.argv[1:3]); mine.touch(); end = time.monotonic() + 20\n"
        "while not theirs.exists():\n"
        "    if time.monotonic() > end: sys.exit(1)\n"
        "    time.sleep(0.01)\n"
    )
    busy = "t = time.process_time()\nwhile time.process_time() - t < 0.3: pass\n"
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    results = bench.timed_at_once(
        [
            ([sys.executable, "-c", meet + busy, a, b], tmp_path, None),
            ([sys.executable, "-c", meet + "sys.exit(3)", b, a], tmp_path, None),
        ],
        cpus,
    )
    assert [r.returncode for r in results] == [0, 3], [r.output for r in results]
    assert [r.output.strip() for r in results] == [f"[{cpus[0]}]", f"[{cpus[1]}]"]
    assert results[0].cpu >= 0.3 > results[1].cpu, "each command's CPU time is its own"
    assert results[0].wall >= 0.3
    with pytest.raises(ValueError, match="CPUs"):
        bench.timed_at_once([([sys.executable, "-c", ""], tmp_path, None)] * 2, cpus[:1])


def test_a_build_starts_without_its_site_folder_and_runs_its_entry(tmp_path):
    site = tmp_path / "site"
    (site / "old").mkdir(parents=True)
    command = bench.Build(tmp_path, site, "other.yml", entry="scripts.bench.machinery").prepared_command()
    assert not site.exists()
    assert command[1:] == [
        "-m", "scripts.bench.machinery", "build", "--strict", "-f", str(tmp_path / "other.yml"), "-d", str(site)
    ]  # fmt: skip
    assert "--strict" not in bench.Build(tmp_path, site, strict=False).prepared_command()
    with pytest.raises(SystemExit, match="usage"):
        machinery.main(["serve"])


def test_pairs_run_at_once_with_swapped_cpus_or_in_turn_on_one_cpu(monkeypatch, tmp_path):
    ok = bench.Timed(1.0, 1.0, 0, "")
    calls = []
    monkeypatch.setattr(common, "timed_at_once", lambda commands, cpus: calls.append(cpus) or [ok, ok])
    first, second = bench.Build(tmp_path, tmp_path / "a"), bench.Build(tmp_path, tmp_path / "b")
    monkeypatch.setattr(common, "free_cpus", lambda: [4, 7, 9])
    assert bench.pairs(first, second, 3) == ([ok] * 3, [ok] * 3)
    assert calls == [[4, 7], [7, 4], [4, 7]]
    ran = []
    monkeypatch.setattr(common, "free_cpus", lambda: [0])
    monkeypatch.setattr(common.Build, "run", lambda self: ran.append(self.dest.name) or ok)
    assert common.pairs(first, second, 2) == ([ok] * 2, [ok] * 2)
    assert ran == ["a", "b", "b", "a"] and len(calls) == 3
    assert common.pair_count(3, at_once=True) == common.AT_ONCE_PAIRS > common.RATIO_PAIRS
    # A ratio row asks for at least the pairs its way of running needs, decided once.
    assert len(common.pairs(first, second, 3, ratio=True)[0]) == common.RATIO_PAIRS  # one CPU: in turn
    monkeypatch.setattr(common, "free_cpus", lambda: [4, 7])
    calls.clear()
    assert len(common.pairs(first, second, 3, ratio=True)[0]) == common.AT_ONCE_PAIRS == len(calls)


def test_the_machinery_timer_wraps_only_the_macros_and_diagram_handlers():
    from collections import Counter

    def macros_markdown(markdown, **kwargs):
        return markdown.upper()

    def search_context(context, **kwargs):
        return context

    def diagram_files(files, **kwargs):
        return files + ["svg"]

    plugins = SimpleNamespace(
        events={"page_markdown": [macros_markdown], "page_context": [search_context], "files": [diagram_files]},
        _event_origins={
            macros_markdown: "macros",
            search_context: "material/search",
            diagram_files: "hooks/draw_diagrams.py",
        },
    )
    totals: Counter = Counter()
    assert bench.time_handlers(plugins, totals) == 2
    assert plugins.events["page_context"] == [search_context]
    assert plugins.events["page_markdown"][0]("text", page=None) == "TEXT"
    assert plugins.events["files"][0](["md"], config=None) == ["md", "svg"]
    assert set(totals) == {"macros", "hooks/draw_diagrams.py"} and all(t > 0 for t in totals.values())
    assert plugins._event_origins[plugins.events["page_markdown"][0]] == "macros"
    with pytest.raises(SystemExit, match="_event_origins"):
        bench.time_handlers(SimpleNamespace(events={}), totals)


def test_transfer_size_is_gzip_unless_that_grows_the_body():
    text = b"<p>hello</p>" * 500
    assert bench.gzip_size(text) == len(gzip.compress(text, 6, mtime=0)) < len(text)
    assert bench.transfer_size(text) == bench.gzip_size(text)
    random_like = bytes(range(256)) * 2  # barely compressible: gzip adds a header
    assert bench.transfer_size(random_like) <= len(random_like)


@pytest.mark.parametrize(
    "content_type,url,kind",
    [
        ("text/html; charset=utf-8", "http://x/", "html"),
        ("text/css", "http://x/a.css", "css"),
        ("application/javascript", "http://x/a.js", "js"),
        ("image/svg+xml", "http://x/a.svg", "image"),
        ("font/woff2", "http://x/a.woff2", "font"),
        ("application/json", "http://x/search/search_index.json", "json"),
        ("application/octet-stream", "http://x/a.bin", "other"),
    ],
)
def test_kind_of(content_type, url, kind):
    assert bench.kind_of(content_type, url) == kind


def test_site_path_follows_site_url():
    assert bench.site_path("https://example.github.io/study-guide/") == "/study-guide/"
    assert bench.site_path("https://example.github.io/study-guide") == "/study-guide/"
    assert bench.site_path(None) == "/"


def test_icon_repeats_counts_an_icon_embedded_twice():
    once = '<symbol id="a"><image href="data:image/png;base64,AAA"/></symbol><use href="#a"/><use href="#a"/>'
    twice = '<image href="data:image/png;base64,AAA"/><image href="data:image/png;base64,AAA"/>'
    assert bench.icon_repeats(once) == 0
    assert bench.icon_repeats(twice) == 1


PARENT = {
    "hooks": ["hooks/draw_diagrams.py", "hooks/handout.py"],
    "plugins": [
        "search",
        {"macros": {"module_name": "macros", "on_undefined": "strict"}},
        {"print-site": {"add_cover_page": True}},
    ],
}


def test_plain_config_builds_the_prerendered_pages_without_macros_or_diagram_hook():
    child = bench.plain_child_config(PARENT, "docs-plain")
    assert child == {
        "INHERIT": "mkdocs.yml",
        "docs_dir": "docs-plain",
        "hooks": ["hooks/handout.py"],
        "plugins": ["search", {"print-site": {"add_cover_page": True}}],
    }
    assert PARENT["hooks"][0] == "hooks/draw_diagrams.py", "the parent must not be changed"


def test_capture_config_adds_its_hook_after_the_others():
    child = bench.capture_child_config(PARENT, "_capture.py")
    assert child["hooks"] == [*PARENT["hooks"], "_capture.py"] and "plugins" not in child


def test_capture_hook_runs_after_the_macros(tmp_path, monkeypatch):
    namespace: dict = {}
    exec(compile(bench.CAPTURE_HOOK_SOURCE, "capture", "exec"), namespace)
    hook = namespace["on_page_markdown"]
    assert hook.mkdocs_priority < 0, "mkdocs-macros renders at priority 0; the capture must come after it"

    class Page:
        meta = {"title": "KMS", "exam_tasks": ["2.2"]}

        class file:
            src_uri = "kms/index.md"

    monkeypatch.setenv("BENCH_CAPTURE_DIR", str(tmp_path))
    assert hook("# KMS\n\nrendered", Page, None, None) == "# KMS\n\nrendered"
    saved = (tmp_path / "kms/index.md").read_text()
    assert saved.startswith("---\ntitle: KMS\n") and saved.endswith("---\n\n# KMS\n\nrendered")
    assert yaml.safe_load(saved.split("---\n")[1]) == Page.meta


def test_placeholder_config_drops_only_the_diagram_hook_and_stubs_macros():
    child = bench.placeholder_child_config(PARENT)
    assert child["INHERIT"] == "mkdocs.yml"
    assert child["hooks"] == ["hooks/handout.py"]
    assert child["plugins"][0] == "search" and child["plugins"][2] == {"print-site": {"add_cover_page": True}}
    assert child["plugins"][1]["macros"]["module_name"] == bench.PLAIN_MODULE
    assert PARENT["plugins"][1]["macros"]["module_name"] == "macros", "the parent must not be changed"


def test_configs_keep_mkdocs_tags(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nhooks: [hooks/draw_diagrams.py]\nplugins:\n  - search:\n      lang: !ENV [LANG, en]\n"
    )
    dumped = dump_mkdocs_config(bench.plain_child_config(read_mkdocs_config(tmp_path)))
    assert "!ENV" in dumped and "hooks: []" in dumped


def test_stub_module_returns_placeholders(tmp_path):
    source = bench.stub_module_source(["cite", "quiz"], ["pretty"])
    namespace: dict = {}
    exec(compile(source, "stub", "exec"), namespace)
    registered: dict = {}

    class Env:
        def macro(self, fn, name):
            registered[name] = fn

        def filter(self, fn, name):
            registered["|" + name] = fn

    namespace["define_env"](Env())
    assert registered["cite"]("kms-grants", "text") == "[cite]"
    assert registered["quiz"]("kms") == "[quiz]"
    assert registered["|pretty"]("v") == "v"


def test_registered_names_are_the_real_macros():
    macros, _ = bench.registered_names(ROOT)
    assert {"cite", "resources_box", "page_intro", "then_and_now", "quiz", "diagram", "example"} <= set(macros)


def test_edit_first_label_changes_a_label_the_svg_shows():
    program = 'flow.node("app", GenericSDK, "Application")\nflow.node("kms", KeyManagementService, "AWS KMS")\n'
    edited = bench.edit_first_label(program, "B123")
    assert 'flow.node("app", GenericSDK, "B123 Application")' in edited
    assert '"AWS KMS"' in edited
    with pytest.raises(ValueError):
        bench.edit_first_label("print('no nodes')", "B1")
    real = (ROOT / "diagrams" / f"{bench.EDITED_DIAGRAM}.py").read_text()
    assert "B9" in bench.edit_first_label(real, "B9"), "the benchmark edits this diagram: keep a flow.node label in it"


def test_failing_audits_lists_only_scored_audits_below_one():
    report = {
        "categories": {
            "seo": {
                "auditRefs": [
                    {"id": "meta-description", "weight": 1},
                    {"id": "hreflang", "weight": 1},
                    {"id": "manual", "weight": 0},
                ]
            }
        },
        "audits": {
            "meta-description": {"score": 0, "title": "Document has a meta description"},
            "hreflang": {"score": 1, "title": "ok"},
            "manual": {"score": 0, "title": "manual check"},
        },
    }
    assert bench.failing_audits(report, "seo") == ["meta-description (0.00): Document has a meta description"]
    assert bench.failing_audits(report, "accessibility") == []


def test_markdown_table_shows_budget_and_result():
    figures = [
        bench.Figure("warm / plain build", 1.05, "x", 3, "<= 1.10", "PASS"),
        bench.Figure("make handout", None, status="n/a", note="n/a: make handout not present"),
    ]
    table = bench.markdown_table(figures)
    assert "| warm / plain build | 1.05 x | 3 | <= 1.10 | PASS |" in table
    assert "| make handout | n/a: make handout not present | - | - | n/a |" in table


def test_has_make_target(tmp_path):
    (tmp_path / "Makefile").write_text("build: ## x\n\t@true\nhandout-check:\n")
    assert bench.has_make_target(tmp_path, "build")
    assert not bench.has_make_target(tmp_path, "handout")


def test_the_project_copy_keeps_site_css_but_not_build_output():
    assert bench.COPY_IGNORE(str(ROOT / "docs/assets/css"), ["site.css", "quiz.css"]) == set()
    assert bench.COPY_IGNORE(str(ROOT), ["site", "site.tmp.x1", ".cache", "docs"]) == {"site", "site.tmp.x1", ".cache"}


def test_slowest_tests_reads_the_durations_table():
    output = (
        "============ slowest 15 durations ============\n"
        "41.20s setup    tests/test_links.py::test_internal\n"
        "12.05s call     tests/test_quiz_browser.py::test_axe[light]\n"
        "0.50s teardown tests/test_x.py::test_y\n"
    )
    assert bench.slowest_tests(output, keep=2) == [
        "41.20s tests/test_links.py::test_internal",
        "12.05s tests/test_quiz_browser.py::test_axe[light]",
    ]


# --- twice the content (scripts/bench/scale.py) ------------------------------------------------

from scripts.bench import scale  # noqa: E402
from scripts.project import PRINT_PAGE_BUDGET, copy_project, nav_pages  # noqa: E402


def test_reword_shares_no_content_word_and_keeps_counts_numbers_and_macros():
    from macros.item_checks import content_words

    prompt = 'A service must encrypt 50 MB files with `GenerateDataKey` and {{ fact("kms-x") }}. (Choose two.)'
    reworded = scale.reword(prompt)
    assert len(reworded) == len(prompt) and len(reworded.split()) == len(prompt.split())
    assert "(Choose two.)" in reworded and '{{ fact("kms-x") }}' in reworded and "50" in reworded
    words = content_words(prompt) - {"choose", "two", "fact", "kms-x"}
    assert words and not words & content_words(reworded)
    assert "must" in reworded, "stop words stay, so copies stay exactly as alike as their originals"


def test_copy_page_text_points_quiz_and_notes_at_their_copies():
    text = '---\ntitle: KMS grants\n---\n\n{{ quiz("kms") }}\n{{ then_and_now("kms-n") }}\n{{ cite("kms-grants") }}\n'
    copied = scale.copy_page_text(text, {"kms": "kms-x2"}, {"kms-n": "kms-n-x2"})
    assert 'quiz("kms-x2")' in copied and 'then_and_now("kms-n-x2")' in copied
    assert 'cite("kms-grants")' in copied and "title: KMS grants (copy)" in copied


def test_nav_with_copies_goes_before_the_review():
    nav = [{"Home": "index.md"}, {"AWS KMS": [{"KMS": "kms/index.md"}]}, {"Review": [{"Mixed": "review/index.md"}]}]
    grown = scale.nav_with_copies(nav, [("KMS (copy)", "kms/index-x2.md")])
    assert [next(iter(i)) for i in grown] == ["Home", "AWS KMS", scale.NAV_TITLE, "Review"]
    assert grown[2][scale.NAV_TITLE] == [{"KMS (copy)": "kms/index-x2.md"}]


@pytest.fixture(scope="module")
def twice(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("twice") / "project")
    return project, scale.make_twice(project)


def test_make_twice_doubles_pages_sections_and_questions(twice):
    project, info = twice
    registry = read_yaml(project / "docs/_data/resources.yml")
    originals = [s for s in registry["sections"] if not s["id"].endswith("-x2")]
    assert len(registry["sections"]) == 2 * len(originals) and len(info["pages"]) == len(originals)
    nav = nav_pages(read_mkdocs_config(project)["nav"])
    for page in info["pages"]:
        assert (project / "docs" / page).is_file() and page in nav
    ids = [q["id"] for path in (project / "docs/_data/questions").glob("*.yml") for q in read_yaml(path)["questions"]]
    assert len(ids) == len(set(ids)) and info["questions"] * 2 == len(ids)


def test_make_twice_data_passes_the_loaders_and_item_checks(twice):
    """The copy's registry, notes, banks (with every item check) and flashcards load: a strict
    build of it would not stop on its data. Run in the copy, whose macros read its own docs/."""
    import subprocess
    import sys

    project, info = twice
    code = (
        "from macros.quiz_bank import load_banks; from macros.notes import load_notes; "
        "from macros.practice import load_cards; b = load_banks(); load_notes(); load_cards(); "
        "print(len(b.questions()), len(b.sections))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    questions, sections = map(int, result.stdout.split())
    assert questions == 2 * info["questions"] and sections == len(info["sections"]) * 2


def test_fake_figures_render_fail_rows():
    figures = [
        bench.Figure("2x content: warm build 2x / 1x", 2.5, "x", 3, "<= 2.20", bench.verdict(2.5, 2.2)),
        bench.Figure(
            "make serve: page edit until the new page is served", 3.4, "s", 3, "<= 3 s", bench.verdict(3.4, 3)
        ),
        bench.Figure("print page HTML (gzip), today's content", 700.0, "KB", 1, "<= 600 KB", "FAIL"),
    ]
    table = bench.markdown_table(figures)
    assert "| 2x content: warm build 2x / 1x | 2.50 x | 3 | <= 2.20 | FAIL |" in table
    assert "| make serve: page edit until the new page is served | 3.40 s | 3 | <= 3 s | FAIL |" in table
    assert "| 700.0 KB | 1 | <= 600 KB | FAIL |" in table
    assert PRINT_PAGE_BUDGET == 600 * 1024


def test_growth_figure_is_info_without_a_budget():
    f = scale.growth("print page", 500.0, 1000.0, "KB", 1)
    assert f.value == 2.0 and f.status == "info" and "1x 500.00 KB" in f.note
    assert scale.growth("warm build", 10.0, 25.0, "s", 3, 2.2).status == "FAIL"


def test_make_recipe_reads_the_test_fast_and_test_commands():
    cmd = bench.make_recipe((ROOT / "Makefile").read_text(), "test-fast")
    assert cmd[1:3] == ["-m", "pytest"] and "not site" in " ".join(cmd)
    whole = bench.make_recipe((ROOT / "Makefile").read_text(), "test")  # after its ensure-tools line
    assert whole[1:3] == ["-m", "pytest"] and "-n" in whole
    with pytest.raises(ValueError):
        bench.make_recipe("build:\n\techo\n", "test-fast")


def test_the_benchmark_serves_as_make_serve_does():
    recipe = bench.make_recipe((ROOT / "Makefile").read_text(), "serve")
    assert recipe[1:3] == ["-m", "mkdocs"] and recipe[3 : 3 + len(bench.SERVE_ARGS)] == bench.SERVE_ARGS
    assert "-q" not in recipe, "never -q with --strict"


# --- make serve's reload (hooks/serve_reload.py) -----------------------------------------------


@pytest.fixture
def serve_hook():
    from tests.support import load_hook

    return load_hook("serve_reload")


def test_serve_snapshot_ignores_page_text_but_not_front_matter_or_data(tmp_path, serve_hook):
    docs = tmp_path / "docs"
    (docs / "_data").mkdir(parents=True)
    (docs / "kms.md").write_text("---\ntitle: KMS\n---\n\n# KMS\n\nText.\n")
    (docs / "_data" / "facts.yml").write_text("facts: []\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    before = serve_hook.snapshot(tmp_path, docs, ["kms.md"])

    (docs / "kms.md").write_text("---\ntitle: KMS\n---\n\n# KMS\n\nText, edited.\n")
    assert serve_hook.only_page_text_changed(before, serve_hook.snapshot(tmp_path, docs, ["kms.md"]))

    (docs / "kms.md").write_text("---\ntitle: KMS keys\n---\n\n# KMS\n")
    assert not serve_hook.only_page_text_changed(before, serve_hook.snapshot(tmp_path, docs, ["kms.md"]))

    (docs / "kms.md").write_text("---\ntitle: KMS\n---\n\n# KMS\n")
    import os

    stat = (docs / "_data" / "facts.yml").stat()
    os.utime(docs / "_data" / "facts.yml", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert not serve_hook.only_page_text_changed(before, serve_hook.snapshot(tmp_path, docs, ["kms.md"]))
    assert not serve_hook.only_page_text_changed(None, before), "the first build is a full one"


def test_serve_snapshot_sees_a_page_added(tmp_path, serve_hook):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# A\n")
    before = serve_hook.snapshot(tmp_path, docs, ["a.md"])
    (docs / "b.md").write_text("# B\n")
    assert not serve_hook.only_page_text_changed(before, serve_hook.snapshot(tmp_path, docs, ["a.md", "b.md"]))


def test_serve_reload_does_nothing_under_mkdocs_build(serve_hook):
    from _serve_state import STATE

    serve_hook.on_startup(command="build", dirty=False)
    assert STATE["dirty_serve"] is False
    files = object()
    assert serve_hook.on_files(files, config=None) is files, "mkdocs build never reads the snapshot"


def test_serve_reload_drops_only_the_dirty_warning(serve_hook):
    import logging

    keep = serve_hook._DropDirtyWarning()
    record = logging.LogRecord(
        "mkdocs.commands.build", logging.WARNING, "", 0, serve_hook.DIRTY_WARNING + ", x", (), None
    )
    other = logging.LogRecord("mkdocs.commands.build", logging.WARNING, "", 0, "Doc file contains a link", (), None)
    assert not keep.filter(record) and keep.filter(other)


def test_serve_reload_is_in_the_pipeline():
    hooks = [str(h) for h in read_mkdocs_config(ROOT)["hooks"]]
    assert hooks[-1] == "hooks/serve_reload.py"

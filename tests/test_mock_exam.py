"""The mock exam (docs/review/mock-exam.md, docs/assets/js/mock-exam.js) in a real browser with a
test clock: a seeded, stratified draw; exam conditions (no feedback, flags, a review screen);
the timer's warning, its polite announcements and the submission at zero; the report per task
and per section; the stored attempt after a reload; keyboard use; axe in both schemes; and no
request to another origin. The draw's arithmetic is checked against docs/_data/exam.yml."""

from __future__ import annotations

import json
import math
import re

import pytest

from macros.exam import load_exam_guide
from macros.facts import load_facts
from macros.practice import exam_questions
from tests.support import SCHEMES, axe_violations, launch_chromium, read_page, show_scheme  # noqa: F401

pytestmark = pytest.mark.browser
PAGE = "review/mock-exam/"


@pytest.fixture(scope="module")
def data(built_site) -> dict:
    """The questions JSON the built page carries."""
    soup = read_page(built_site / PAGE / "index.html")
    node = soup.find("script", id="mock-exam-data")
    assert node is not None and node.get("type") == "application/json"
    return json.loads(node.string)


class Tab:
    def __init__(self, browser, base_url, clock=True):
        self.context = browser.new_context(color_scheme="light")
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        origin = base_url[: base_url.index("/", len("http://"))]
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "request",
            lambda r: None if r.url.startswith((origin + "/", "data:", "blob:")) else self.foreign.append(r.url),
        )
        if clock:
            self.page.clock.install()
        self.base_url = base_url

    def open(self, path: str):
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("load")
        return self.page

    def storage(self, key: str):
        return self.page.evaluate(f"JSON.parse(localStorage.getItem({key!r}))")


@pytest.fixture
def tab(chromium, site_url):
    t = Tab(chromium, site_url)
    yield t
    t.context.close()


def expected_quotas(weights: dict[str, int], available: dict[str, int], total: int) -> dict[str, int]:
    """Largest remainder, capped by what each task holds (as mock-exam.js does)."""
    quota = {t: 0 for t in weights}
    remaining = min(total, sum(available.values()))
    while remaining > 0:
        open_ = [t for t in weights if quota[t] < available[t]]
        w = sum(weights[t] for t in open_)
        shares = {t: remaining * weights[t] / w for t in open_}
        add = {t: math.floor(shares[t]) for t in open_}
        for t in sorted(open_, key=lambda t: (-(shares[t] - math.floor(shares[t])), list(weights).index(t)))[
            : remaining - sum(add.values())
        ]:
            add[t] += 1
        placed = 0
        for t in open_:
            n = min(add[t], available[t] - quota[t])
            quota[t] += n
            placed += n
        remaining -= placed
    return quota


def test_the_data_is_the_banks_and_the_blueprint_is_the_data(data):
    assert data == json.loads(json.dumps(exam_questions()))
    facts = load_facts()
    bp = data["blueprint"]
    assert (bp["exam_questions"], bp["exam_minutes"], bp["pass_score"]) == tuple(
        facts.get(f).value for f in ("dva-exam-questions", "dva-exam-minutes", "dva-passing-score")
    )
    counts: dict[str, int] = {}
    for b in load_exam_guide().bullets:
        counts[b.task] = counts.get(b.task, 0) + 1
    assert {t["id"]: t["weight"] for t in bp["tasks"]} == counts
    legacy = [q for q in data["questions"] if q["legacy"]]
    assert legacy and all(q["section"] == "cognito-sync" and q["task"] == "none" for q in legacy)


def start(page, seed: int, n: int, legacy: bool = False):
    page.goto(page.url.split("?")[0] + f"?seed={seed}&n={n}" + ("&legacy=1" if legacy else ""))
    page.click(".mock-start")
    page.wait_for_selector(".mock-run:not([hidden])")


def test_same_seed_same_exam_stratified_by_task_and_without_legacy(chromium, site_url, data):
    ids = {}
    for run in (1, 2):
        t = Tab(chromium, site_url)
        try:
            t.open(PAGE)
            start(t.page, 4242, 20)
            ids[run] = t.storage("dva-mock:v1:current")["ids"]
            assert re.search(r"seed=4242", t.page.url) and "n=20" in t.page.url
        finally:
            t.context.close()
    assert ids[1] == ids[2] and len(ids[1]) == 20 and len(set(ids[1])) == 20
    by_id = {q["id"]: q for q in data["questions"]}
    assert not any(by_id[i]["legacy"] for i in ids[1]), "Cognito Sync is left out by default"
    weights = {t["id"]: t["weight"] for t in data["blueprint"]["tasks"]}
    available = {t: sum(1 for q in data["questions"] if q["task"] == t) for t in weights}
    got = {t: sum(1 for i in ids[1] if by_id[i]["task"] == t) for t in weights}
    assert got == expected_quotas(weights, available, 20)
    # Spread across sections inside a task: no section gives more than its round-robin share.
    for task in weights:
        sections = {q["section"] for q in data["questions"] if q["task"] == task}
        picked = [by_id[i]["section"] for i in ids[1] if by_id[i]["task"] == task]
        assert max(picked.count(s) for s in sections) <= math.ceil(len(picked) / len(sections))


def test_the_legacy_checkbox_brings_cognito_sync_in(tab, data):
    tab.open(PAGE)
    start(tab.page, 7, 40, legacy=True)
    ids = tab.storage("dva-mock:v1:current")["ids"]
    sections = {q["id"]: q["section"] for q in data["questions"]}
    assert any(sections[i] == "cognito-sync" for i in ids)


def displayed_position(attempt: dict, qid: str, original: int) -> int:
    return attempt["orders"][qid].index(original) + 1


def test_a_timed_exam_end_to_end(tab, data):
    page = tab.open(PAGE)
    start(page, 1234, 20)
    attempt = tab.storage("dva-mock:v1:current")
    by_id = {q["id"]: q for q in data["questions"]}
    ids = attempt["ids"]
    # 20 questions at the exam's pace (the test clock runs on in real time between steps).
    assert re.fullmatch(r"40:00|39:5\d", page.locator(".mock-timer-value").text_content())
    # Exam conditions: no feedback while answering, choices shuffled from the seed.
    assert any(attempt["orders"][i] != sorted(attempt["orders"][i]) for i in ids)
    plan = {}  # index -> "right" | "wrong" | "blank"
    for index, qid in enumerate(ids):
        q = by_id[qid]
        if index == 12:
            plan[index] = "blank"
        elif index % 3 == 2:
            plan[index] = "wrong"
            wrong = next(k for k in range(len(q["choices"])) if k not in q["answer"])
            picks = [wrong] + q["answer"][1:] if q["multi"] else [wrong]
            for k in picks:
                page.keyboard.press(str(displayed_position(attempt, qid, k)))
        else:
            plan[index] = "right"
            for k in q["answer"]:
                page.keyboard.press(str(displayed_position(attempt, qid, k)))
        if index == 4:
            page.keyboard.press("f")
            assert page.locator(".mock-flag").get_attribute("aria-pressed") == "true"
        assert page.locator(".mock-feedback, .quiz-verdict, .is-correct, .is-wrong").count() == 0, (
            "no feedback before submitting"
        )
        if index < len(ids) - 1:
            page.keyboard.press("n")
    assert page.locator(".mock-progress").text_content().startswith(f"Question {len(ids)} of {len(ids)}")
    page.keyboard.press("p")
    assert page.locator(".mock-progress").text_content().startswith(f"Question {len(ids) - 1} of")
    # The review screen lists answered, unanswered and flagged questions.
    page.click(".mock-to-review")
    summary = page.locator(".mock-review-summary").text_content()
    assert f"Answered: {len(ids) - 1}." in summary and "Unanswered: 1 (13)" in summary and "Flagged: 1 (5)" in summary
    page.click(".mock-back")
    # Announcements: none in the middle of a five-minute stretch, one at each mark.
    page.evaluate("""() => { window.__said = []; new MutationObserver(() => window.__said.push(document.querySelector('.mock-announcer').textContent))
        .observe(document.querySelector('.mock-announcer'), {childList: true, characterData: true, subtree: true}); }""")
    page.clock.run_for("02:00")
    assert page.evaluate("window.__said") == []
    page.clock.run_for("03:30")  # past the 35-minute mark
    assert page.evaluate("window.__said") == ["35 minutes left."]
    # Five minutes before the end: a visible warning and the spoken minute marks.
    page.clock.run_for("29:40")
    assert page.locator(".mock-warning").is_visible()
    assert "Five minutes left" in page.locator(".mock-warning").text_content()
    assert page.evaluate("window.__said").count("5 minutes left.") == 1
    # Zero: submitted as it stands.
    page.clock.run_for("05:10")
    result = page.locator(".mock-result")
    result.wait_for(state="visible")
    assert "when the time ran out" in result.text_content()
    right = sum(1 for v in plan.values() if v == "right")
    assert (
        page.locator(".mock-score").text_content()
        == f"Score: {right} of {len(ids)} correct ({round(100 * right / len(ids))}%)."
    )
    assert re.search(
        r"Estimated scaled score: \d+ of 1000, (at or above|below) the passing score of 720",
        page.locator(".mock-pass").text_content(),
    )
    assert "estimate" in page.locator(".mock-estimate-note").text_content()
    # Per task statement, as the plan says.
    rows = page.locator('table[data-mock-table="Score per task statement"] tbody tr')
    got = {}
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td").all_text_contents()
        got[re.match(r"Task (\d\.\d)", cells[0]).group(1)] = (int(cells[1]), int(cells[2]))
    want: dict[str, list[int]] = {}
    for index, qid in enumerate(ids):
        w = want.setdefault(by_id[qid]["task"], [0, 0])
        w[1] += 1
        w[0] += plan[index] == "right"
    assert got == {k: tuple(v) for k, v in want.items()}
    # Per section with links, sections to revisit, every question with choice, key, whys, source.
    assert page.locator('table[data-mock-table="Score per section"] a').count() >= 3
    assert page.locator(".mock-revisit a").count() >= 1
    reports = page.locator(".mock-report-question")
    assert reports.count() == len(ids)
    blank = reports.nth(12)
    assert "Unanswered" in blank.locator("h4").text_content()
    assert "flagged" in reports.nth(4).locator("h4").text_content()
    first = reports.nth(0)
    q0 = by_id[ids[0]]
    assert first.locator(".mock-choice-report").count() == len(q0["choices"])
    assert first.locator(".mock-why-label").count() == len(q0["choices"])
    assert first.locator(".mock-report-source a").count() == 2
    shown_letters = [chr(ord("A") + displayed_position(attempt, ids[0], k) - 1) for k in q0["answer"]]
    assert f"Key: {', '.join(sorted(shown_letters))}." in first.locator(".mock-report-answer").text_content()
    # Stored, and found again after a reload.
    stored = tab.storage("dva-mock:v1:attempts")
    assert len(stored) == 1 and stored[0]["correct"] == right and stored[0]["timedOut"] is True
    assert stored[0]["perTask"] == {k: {"correct": v[0], "total": v[1]} for k, v in want.items()}
    assert tab.storage("dva-mock:v1:current") is None
    page.reload()
    page.wait_for_selector(".mock-history:not([hidden])")
    assert page.locator(".mock-history svg.mock-chart circle").count() == 1
    page.click(".mock-open")
    assert page.locator(".mock-score").text_content().startswith(f"Score: {right} of {len(ids)}")
    # Cleared on request.
    page.click(".mock-again")
    page.click(".mock-clear")
    assert tab.storage("dva-mock:v1:attempts") is None
    assert tab.errors == [] and tab.foreign == []


def test_an_exam_in_progress_survives_a_reload(tab):
    page = tab.open(PAGE)
    start(page, 99, 10)
    page.keyboard.press("1")
    page.clock.run_for("01:00")
    page.reload()
    page.wait_for_selector(".mock-resume:not([hidden])")
    assert "seed 99" in page.locator(".mock-resume-text").text_content()
    page.click(".mock-resume-go")
    assert page.locator(".mock-question input:checked").count() == 1
    assert re.fullmatch(r"19:00|18:5\d", page.locator(".mock-timer-value").text_content())


def test_axe_finds_nothing_on_the_mock_exam_in_both_schemes(chromium, site_url):
    t = Tab(chromium, site_url)
    try:
        page = t.open(PAGE)
        problems = []

        def audit(stage):
            # The exam's own markup in each stage; the page around it is audited with the site.
            for scheme in SCHEMES:
                show_scheme(page, scheme)
                problems.extend((stage, scheme, *found) for found in axe_violations(page, ".mock-exam"))

        audit("setup")
        start(page, 5, 10)
        page.keyboard.press("1")
        page.keyboard.press("f")
        audit("question")
        page.click(".mock-to-review")
        audit("review screen")
        page.click(".mock-submit")
        audit("report")
        assert problems == []
        assert t.foreign == [] and t.errors == []
    finally:
        t.context.close()


def test_sheets_explain_every_other_choice_filter_by_difficulty_and_mark_legacy(tab, built_site):
    """Richer feedback on every sheet (quiz.js): after Check, every other choice's reason opens;
    sheets and the mixed review filter by difficulty; Cognito Sync questions say they are legacy."""
    page = tab.open("review/?seed=11")
    first = page.locator("form.quiz-question:not([data-answer*=','])").first
    first.locator("input.quiz-input").first.check()
    first.locator(".quiz-check").click()
    others = first.locator(".quiz-other-whys")
    assert others.count() == 1 and not others.locator("li").first.is_visible()
    others.locator("summary").click()
    n = first.locator("input.quiz-input").count()
    assert others.locator("li").count() == n - 1 and others.locator("li").first.is_visible()
    page.select_option("#quiz-filter-difficulty", "apply")
    visible = page.locator("form.quiz-question:not([hidden])")
    assert 1 <= visible.count() < page.locator("form.quiz-question").count()
    assert all(visible.nth(i).get_attribute("data-difficulty") == "apply" for i in range(visible.count()))
    legacy = page.locator("form.quiz-question[data-section='cognito-sync']")
    assert legacy.count() >= 1 and legacy.first.evaluate("f => f.classList.contains('is-legacy')")
    assert "Legacy" in legacy.first.locator(".quiz-meta").text_content()
    page = tab.open("kms/")
    page.select_option("select.quiz-filter[data-filter='difficulty']", "multi-constraint")
    sheet_forms = page.locator(".quiz-sheet form.quiz-question:not([hidden])")
    assert sheet_forms.count() >= 1
    assert all(
        sheet_forms.nth(i).get_attribute("data-difficulty") == "multi-constraint" for i in range(sheet_forms.count())
    )
    assert tab.errors == []

"""The question sheets in a real browser: checking, scoring, keyboard use, saved progress,
the seeded mixed review, and clean consoles. One Chromium for the whole module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import SCHEMES, axe_violations, origin_of, show_scheme

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(site_url):
    """The site served under its site_url path, as deployed (the print page links absolutely)."""
    return site_url


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


class Tab:
    """A fresh browser context (its own localStorage) that records console errors."""

    def __init__(self, browser, base_url, **options):
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        # The site may load nothing from another origin; any such request is recorded by URL.
        origin = origin_of(base_url)
        self.page.on(
            "request",
            lambda r: None if r.url.startswith((origin + "/", "data:", "blob:")) else self.foreign.append(r.url),
        )

    def open(self, path: str):
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("load")
        return self.page


@pytest.fixture
def tab(browser, base_url):
    t = Tab(browser, base_url)
    yield t
    t.context.close()


def quiz_pages(site: Path) -> list[str]:
    """Site paths of every page holding a question sheet (section pages and the review)."""
    pages = []
    for html in sorted(site.rglob("index.html")):
        if 'class="quiz-sheet' in html.read_text(encoding="utf-8"):
            rel = html.parent.relative_to(site).as_posix()
            pages.append("" if rel == "." else rel + "/")
    return pages


def section_page(site: Path, multi: bool = False) -> tuple[str, str]:
    """(page path, question id) of the first single-answer (or multi-answer) question on a section page."""
    pattern = re.compile(r'data-question-id="([^"]+)"[^>]*data-answer="([0-9,]+)"')
    for path in quiz_pages(site):
        if path.startswith(("review/", "print_page/")):
            continue
        for qid, answer in pattern.findall((site / path / "index.html").read_text(encoding="utf-8")):
            if ("," in answer) == multi:
                return path, qid
    raise AssertionError(f"no {'multi' if multi else 'single'}-answer question on any section page")


def form(page, qid: str):
    return page.locator(f'form.quiz-question[data-question-id="{qid}"]')


def answer_of(page, qid: str) -> list[int]:
    return [int(i) for i in form(page, qid).get_attribute("data-answer").split(",")]


def choose(page, qid: str, indices: list[int]) -> None:
    for i in indices:
        form(page, qid).locator(f'input.quiz-input[value="{i}"]').check()


def check(page, qid: str) -> str:
    form(page, qid).locator("button.quiz-check").click()
    return form(page, qid).locator(".quiz-feedback").inner_text()


def test_right_and_wrong_answers_give_the_right_feedback(tab, built_site):
    path, qid = section_page(built_site)
    page = tab.open(path)
    q = form(page, qid)
    assert q.locator("button.quiz-check").is_visible()
    assert not q.locator("details.quiz-answer").is_visible(), "with JS the answer block gives way to Check"
    right = answer_of(page, qid)
    wrong = next(i for i in range(q.locator("input.quiz-input").count()) if i not in right)
    choose(page, qid, [wrong])
    feedback = check(page, qid)
    letter = "ABCDEF"[right[0]]
    assert feedback.startswith("Not quite.") and f"answer is {letter}" in feedback, feedback
    explanation = q.locator("details .quiz-explanation").text_content().strip()
    why_wrong = q.locator(f'details .quiz-why[data-choice="{wrong}"]').text_content().strip()
    assert explanation in feedback and why_wrong in feedback
    source = q.locator(".quiz-feedback .quiz-source a")
    assert source.get_attribute("href").startswith("https://")
    assert q.get_attribute("class").split().count("is-wrong") == 1

    choose(page, qid, right)
    feedback = check(page, qid)
    assert feedback.startswith("Correct."), feedback
    assert "(right)" in feedback and explanation in feedback


def test_multi_answer_question_needs_every_right_choice(tab, built_site):
    path, qid = section_page(built_site, multi=True)
    page = tab.open(path)
    right = answer_of(page, qid)
    assert form(page, qid).locator('input[type="checkbox"]').count() >= 3
    choose(page, qid, right[:1])
    wanted = {2: "two", 3: "three"}[len(right)]
    assert f"Choose {wanted} answers" in check(page, qid)
    choose(page, qid, right)
    assert check(page, qid).startswith("Correct.")


def test_the_score_counts(tab, built_site):
    path, _ = section_page(built_site)
    page = tab.open(path)
    sheet = page.locator(".quiz-sheet").first
    ids = sheet.locator("form.quiz-question").evaluate_all("forms => forms.map(f => f.dataset.questionId)")
    first, second = ids[0], ids[1]
    choose(page, first, answer_of(page, first))
    check(page, first)
    n = len(answer_of(page, second))
    wrong = [i for i in range(6) if i not in answer_of(page, second)][:n]
    choose(page, second, wrong)
    check(page, second)
    assert sheet.locator(".quiz-score").inner_text() == f"Score: 1 of {len(ids)} correct (2 checked)"


def test_keyboard_only_answering(tab, built_site):
    path, qid = section_page(built_site)
    page = tab.open(path)
    q = form(page, qid)
    right = answer_of(page, qid)[0]
    # Start from the element just before the question: the first focusable thing inside it,
    # or the previous question's Check button, or the sheet's difficulty filter.
    previous = q.evaluate_handle("f => f.previousElementSibling")
    page.evaluate(
        "el => { const b = el && el.querySelector && el.querySelector('button.quiz-check, select.quiz-filter'); (b || document.querySelector('#question-sheet a')).focus(); }",
        previous,
    )
    page.keyboard.press("Tab")
    if q.locator("a.quiz-proof").count():
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == f"quiz-{qid}", "Tab reaches the first choice"
    for _ in range(right):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert q.locator(f'input.quiz-input[value="{right}"]').is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('quiz-check')"), "Tab leaves the choices for Check"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", "focus is visible"
    page.keyboard.press("Enter")
    assert q.locator(".quiz-feedback").inner_text().startswith("Correct.")


def test_keyboard_toggles_checkboxes(tab, built_site):
    path, qid = section_page(built_site, multi=True)
    page = tab.open(path)
    q = form(page, qid)
    right = answer_of(page, qid)
    q.locator('input.quiz-input[value="0"]').focus()
    for i in range(q.locator("input.quiz-input").count()):
        if i in right:
            page.keyboard.press("Space")
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('quiz-check')")
    page.keyboard.press("Enter")
    assert q.locator(".quiz-feedback").inner_text().startswith("Correct.")


def test_progress_survives_a_reload_and_reset_clears_it(tab, built_site):
    path, qid = section_page(built_site)
    page = tab.open(path)
    right = answer_of(page, qid)
    choose(page, qid, right)
    check(page, qid)
    page.reload()
    q = form(page, qid)
    assert q.locator(f'input.quiz-input[value="{right[0]}"]').is_checked()
    assert q.locator(".quiz-feedback").inner_text().startswith("Correct.")
    assert re.search(r"Score: [1-9]\d* of", page.locator(".quiz-score").first.inner_text())
    assert any(k.endswith(qid) for k in page.evaluate("Object.keys(localStorage)"))
    page.locator(".quiz-reset").first.click()
    assert q.locator(".quiz-feedback").inner_text() == ""
    assert not q.locator("input.quiz-input:checked").count()
    page.reload()
    assert not form(page, qid).locator("input.quiz-input:checked").count()
    assert not any(k.endswith(qid) for k in page.evaluate("Object.keys(localStorage)"))


def review_loaded(page):
    """The mixed review once its questions are in: they load from the section files, at once when
    the address holds a seed, else when the reader presses Start."""
    if page.locator(".quiz-review .quiz-start").is_visible() and "seed=" not in page.url:
        page.locator(".quiz-review .quiz-start").click()
    page.wait_for_selector(".quiz-review[data-quiz-loaded]", state="attached")
    return page


def review_order(tab, query: str) -> list[str]:
    page = review_loaded(tab.open("review/" + query))
    return ids_in_order(page)


def ids_in_order(page) -> list[str]:
    # One round trip for all ids: the review holds every question of the site.
    return page.eval_on_selector_all(".quiz-review form.quiz-question", "forms => forms.map(f => f.dataset.questionId)")


def test_mixed_review_order_follows_the_seed(tab):
    first = review_order(tab, "?seed=1234")
    again = review_order(tab, "?seed=1234")
    other = review_order(tab, "?seed=98765")
    assert len(first) >= 3
    assert first == again
    assert other != first and sorted(other) == sorted(first)
    numbers = tab.page.locator(".quiz-review .quiz-number").all_inner_texts()
    assert numbers[:3] == ["1.", "2.", "3."]


def test_mixed_review_without_a_seed_puts_one_in_the_address(tab):
    page = tab.open("review/")
    seed = re.search(r"[?&]seed=(\d+)", page.url)
    assert seed, page.url
    # A first visit loads no question until the reader starts.
    assert page.locator(".quiz-review form.quiz-question").count() == 0
    page.locator(".quiz-review .quiz-start").click()
    page.wait_for_selector(".quiz-review[data-quiz-loaded]", state="attached")
    order = ids_in_order(page)
    assert review_order(tab, f"?seed={seed.group(1)}") == order
    new = tab.page.locator("a.quiz-new-shuffle").get_attribute("href")
    assert re.search(r"\?seed=\d+$", new) and f"seed={seed.group(1)}" not in new


def test_mixed_review_loads_every_bank_question_after_start(tab, built_site):
    from macros.quiz_bank import load_banks

    banks = load_banks()
    html = (built_site / "review" / "index.html").read_text(encoding="utf-8")
    assert "<form" not in html.split('class="quiz-sheet', 1)[1].split("quiz-section-scores", 1)[0], (
        "the review's page carries no question forms: they load from the section files"
    )
    page = tab.open("review/")
    start = page.locator(".quiz-review .quiz-start")
    assert start.is_visible() and not page.locator(".quiz-review-fallback").is_visible()
    assert page.locator(".quiz-review form.quiz-question").count() == 0
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "/assets/questions/" in r.url else None)
    start.click()
    page.wait_for_selector(".quiz-review[data-quiz-loaded]", state="attached")
    ids = ids_in_order(page)
    assert len(ids) == len(set(ids)) == len(banks.questions()), (len(ids), len(banks.questions()))
    assert set(ids) == {q.id for q in banks.questions()}
    assert len(fetched) == len(banks.sections), fetched
    assert not start.is_visible()
    assert page.locator(".quiz-review .quiz-toolbar").is_visible()
    assert page.locator(".quiz-review .quiz-score").inner_text() == f"Score: 0 of {len(ids)} correct (0 checked)"
    # The questions work as on a sheet: keyboard focus lands on the first one, Check answers it.
    first = ids[0]
    assert page.evaluate("document.activeElement.name") == f"quiz-{first}"
    choose(page, first, answer_of(page, first))
    assert check(page, first).startswith("Correct.")
    assert tab.errors == [] and tab.foreign == []


def test_mixed_review_without_javascript_links_every_sheet(browser, base_url, built_site):
    from macros.quiz_bank import load_banks

    t = Tab(browser, base_url, java_script_enabled=False)
    try:
        page = t.open("review/")
        assert not page.locator(".quiz-review .quiz-start").is_visible()
        fallback = page.locator(".quiz-review-fallback")
        assert fallback.is_visible()
        links = fallback.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        assert len(links) == len(load_banks().sections) and all(h.endswith("#question-sheet") for h in links), links
    finally:
        t.context.close()


def test_mixed_review_filters_and_scores_per_section(tab):
    page = review_loaded(tab.open("review/?seed=7"))
    sections = page.locator("#quiz-filter-section option").all()
    section = sections[1].get_attribute("value")
    page.select_option("#quiz-filter-section", section)
    visible = page.locator(".quiz-review form.quiz-question:visible")
    shown = visible.count()
    assert shown >= 1
    assert set(
        page.eval_on_selector_all(
            ".quiz-review form.quiz-question:not([hidden])", "fs => fs.map(f => f.dataset.section)"
        )
    ) == {section}
    qid = visible.first.get_attribute("data-question-id")
    assert visible.first.locator(".quiz-number").inner_text() == "1."
    choose(page, qid, answer_of(page, qid))
    check(page, qid)
    assert page.locator(f'[data-score-correct="{section}"]').inner_text() == "1"
    assert page.locator(f'[data-score-checked="{section}"]').inner_text() == "1"
    assert page.locator(".quiz-section-scores").is_visible()
    page.select_option("#quiz-filter-section", "")
    assert page.locator(".quiz-review form.quiz-question:visible").count() > shown


def test_without_javascript_the_answer_is_in_details(browser, base_url, built_site):
    path, qid = section_page(built_site)
    t = Tab(browser, base_url, java_script_enabled=False)
    try:
        page = t.open(path)
        q = form(page, qid)
        assert not q.locator("button.quiz-check").is_visible()
        q.locator("details.quiz-answer summary").click()
        assert q.locator("details.quiz-answer .quiz-key").is_visible()
        assert not page.locator(".quiz-toolbar").first.is_visible()
    finally:
        t.context.close()


def test_print_hides_answers_and_controls(tab, built_site):
    path, qid = section_page(built_site)
    page = tab.open(path)
    page.emulate_media(media="print")
    q = form(page, qid)
    assert q.locator("legend").is_visible() and q.locator("input.quiz-input").first.is_visible()
    page.evaluate(
        "() => document.querySelectorAll('details.quiz-answer').forEach(d => { d.hidden = false; d.open = true; })"
    )
    assert not q.locator("details.quiz-answer").is_visible(), (
        "answers belong in the answer key, not on the printed sheet"
    )
    assert not q.locator("button.quiz-check").is_visible()
    assert not page.locator(".quiz-toolbar").first.is_visible()


def test_quiz_markup_passes_axe_in_both_schemes(tab, built_site):
    path, qid = section_page(built_site)
    for url in (path, "review/?seed=3"):
        page = tab.open(url)
        if url.startswith("review/"):
            review_loaded(page)
        # Feedback in the DOM too, so its colours and links are checked.
        choose(page, qid, answer_of(page, qid))
        check(page, qid)
        # Every question has the same markup: the sheet's own parts and one answered question suffice.
        scope = (
            {
                "include": [
                    [".quiz-review-controls"],
                    [".quiz-section-scores"],
                    [".quiz-review .quiz-toolbar"],
                    [f"#quiz-{qid}"],
                ]
            }
            if url.startswith("review/")
            else {"include": [[".quiz-sheet .quiz-toolbar"], [".quiz-sheet .quiz-sheet-controls"], [f"#quiz-{qid}"]]}
        )
        for scheme in SCHEMES:
            show_scheme(page, scheme)
            problems = axe_violations(page, scope)
            assert problems == [], f"{url} ({scheme}): {problems}"


def test_no_console_errors_on_any_quiz_page(site_visits, site_url, built_site):
    # Read from the site-wide pass that opens every page anyway (tests/conftest.py site_visits).
    pages = quiz_pages(built_site)
    assert "review/" in pages and len(pages) >= 2, pages
    visited = site_visits["light"]
    origin = origin_of(site_url)
    for path in pages:
        foreign = [u for u in visited[path]["requests"] if origin_of(u) != origin]
        assert foreign == [], f"{path} requests another origin: {foreign}"
        assert visited[path]["errors"] == [], f"{path}: {visited[path]['errors']}"
    errors = {f"{scheme} {path}": v["errors"] for scheme, pages in site_visits.items() for path, v in pages.items()}
    assert {k: v for k, v in errors.items() if v} == {}, "pages that logged errors"

"""Privacy and security of the built site: nothing is loaded from another origin, a
Content-Security-Policy on every page that the pages keep to (browsing, searching, answering),
external links that cannot reach back into the site's tab, and every piece of data escaped.

The workflows (least privilege, pinned actions, no secrets for pull requests) are checked in
tests/test_workflows.py.
"""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from bs4 import BeautifulSoup

from macros.data import read_yaml
from tests.support import (
    Visit,
    build_fails,
    load_hook,
    mkdocs_build,
    page_file,
    read_site,
    serve_site,
    site_pages,
    site_path_prefix,
)


@pytest.fixture(scope="module")
def parsed(built_site) -> dict[str, BeautifulSoup]:
    return read_site(built_site)


def first_question(page) -> str:
    return page.locator("form.quiz-question").first.get_attribute("data-question-id")


def answer_first_choice(page, qid: str) -> str:
    form = page.locator(f'form.quiz-question[data-question-id="{qid}"]')
    form.locator("input.quiz-input").first.check()
    form.locator("button.quiz-check").click()
    return form.locator(".quiz-feedback").inner_text()


@pytest.fixture(scope="module")
def browsed(chromium, site_url, site_visits, parsed):
    """Every page as opened in both schemes for the accessibility audit (site_visits), then a
    search typed on the home page and a question answered, recorded the same way."""
    visit = Visit(chromium, site_url)
    home = visit.open("")
    home.wait_for_timeout(1500)  # Material would have asked for the index by now
    visit.index_before_search = [u for u in visit.requests if "search_index" in u]
    home.locator("input.md-search__input").click()  # in the header on a desktop-sized window
    home.keyboard.type("envelope", delay=20)  # Material searches on key events; fill() sends none
    home.locator(".md-search-result__item").first.wait_for(timeout=20_000)
    visit.searched = home.locator(".md-search-result__item").count()
    visit.collect()
    quiz_page = next(
        p
        for p, soup in parsed.items()
        if soup.select_one("form.quiz-question") and not p.startswith(("review/", "print_page/"))
    )
    tab = visit.open(quiz_page)
    visit.answered = answer_first_choice(tab, first_question(tab))
    visit.collect()
    # The mixed review fetches its questions when the reader starts: same origin, same policy.
    review = visit.open("review/")
    review.locator(".quiz-review .quiz-start").click()
    review.wait_for_selector(".quiz-review[data-quiz-loaded]", state="attached")
    visit.reviewed = answer_first_choice(review, first_question(review))
    visit.collect()
    for pages in site_visits.values():
        for page in pages.values():
            visit.requests += page["requests"]
            visit.failed += page["failed"]
            visit.violations += page["csp"]
    yield visit
    visit.close()


# --- privacy: one origin -------------------------------------------------------------------------


@pytest.mark.browser
def test_no_page_requests_anything_from_another_origin(browsed):
    assert browsed.searched > 0 and browsed.answered.strip(), "the search and the question sheet were exercised"
    assert browsed.reviewed.strip() and any("/assets/questions/" in u for u in browsed.requests), (
        "the mixed review's question files were fetched and answered"
    )
    assert len(browsed.requests) > 50, f"only {len(browsed.requests)} requests recorded: the recorder is not working"
    assert not browsed.foreign, "requests to another origin:\n" + "\n".join(sorted(set(browsed.foreign)))


@pytest.mark.browser
def test_the_search_index_waits_until_the_reader_reaches_for_search(browsed):
    """Material asks for search_index.json (about 125 KB gzip) on every page load;
    assets/js/search-on-demand.js holds that request until the reader goes to search."""
    assert browsed.index_before_search == [], browsed.index_before_search
    assert any("/search/search_index.json" in u for u in browsed.requests), "searching loaded the index"


@pytest.mark.browser
def test_every_request_the_pages_make_succeeds(browsed):
    assert not browsed.failed, "failed requests:\n" + "\n".join(sorted(set(browsed.failed)))


@pytest.mark.browser
def test_the_recorder_sees_a_request_to_another_origin(chromium, site_url):
    visit = Visit(chromium, site_url)
    try:
        page = visit.open("")
        page.evaluate("() => { const img = new Image(); img.src = 'https://example.com/pixel.png'; }")
        page.wait_for_timeout(300)
    finally:
        visit.close()
    assert "https://example.com/pixel.png" in visit.foreign


# --- Content-Security-Policy -----------------------------------------------------------------------


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def policy_of(soup: BeautifulSoup) -> dict[str, list[str]]:
    metas = soup.select('meta[http-equiv="Content-Security-Policy"]')
    assert len(metas) == 1, f"{len(metas)} CSP meta elements"
    directives = {}
    for part in metas[0]["content"].split(";"):
        if part.strip():
            name, *values = part.split()
            directives[name] = values
    return directives


def test_every_page_has_the_policy_before_any_script(parsed):
    for page, soup in parsed.items():
        policy = policy_of(soup)
        meta = soup.select_one('meta[http-equiv="Content-Security-Policy"]')
        assert meta.find_parent("head") is not None, f"/{page}: the CSP meta is not in <head>"
        assert not meta.find_all_previous("script"), f"/{page}: a <script> comes before the CSP meta, outside its reach"
        assert (
            policy["default-src"] == ["'self'"]
            and policy["object-src"] == ["'none'"]
            and policy["base-uri"] == ["'self'"]
        ), f"/{page}: {policy}"
        for directive in ("script-src", "style-src"):
            values = policy[directive]
            assert values[0] == "'self'", f"/{page}: {directive} {values}"
            assert all(v.startswith("'sha256-") or v == "'unsafe-hashes'" for v in values[1:]), (
                f"/{page}: {directive} allows {values}"
            )
        assert "'unsafe-hashes'" not in policy["script-src"], f"/{page}: event-handler attributes must not be allowed"


def test_the_policy_lists_exactly_the_inline_scripts_of_the_page(parsed):
    for page, soup in parsed.items():
        executable = [
            s
            for s in soup.find_all("script")
            if not s.get("src")
            and s.get("type", "text/javascript") in ("text/javascript", "module")
            and s.string
            and s.string.strip()
        ]
        expected = {sha256_source(s.string) for s in executable}
        listed = set(policy_of(soup)["script-src"][1:])
        assert listed == expected, f"/{page}: inline scripts {len(expected)}, hashes listed {len(listed)}"
        assert not [a for el in soup.find_all(True) for a in el.attrs if a.lower().startswith("on")], (
            f"/{page}: an on* event-handler attribute"
        )


@pytest.mark.browser
def test_no_policy_violation_while_browsing_searching_and_answering(browsed):
    csp_console = [m for m in browsed.console if "Content Security Policy" in m or "Content-Security-Policy" in m]
    assert not browsed.violations and not csp_console, "CSP violations:\n" + "\n".join(browsed.violations + csp_console)


@pytest.mark.browser
def test_the_policy_blocks_an_injected_inline_script(chromium, site_url):
    visit = Visit(chromium, site_url)
    try:
        page = visit.open("")
        page.evaluate(
            "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true'; document.body.append(s); }"
        )
        page.wait_for_timeout(100)
        ran = page.evaluate("window.__ran === true")
        visit.collect()
    finally:
        visit.close()
    assert not ran, "an injected inline script ran: the policy is not enforced"
    assert any(v.startswith("script-src") for v in visit.violations), visit.violations


# --- external links ----------------------------------------------------------------------------------


def test_every_external_link_has_rel_noopener_noreferrer(parsed):
    checked = 0
    for page, soup in parsed.items():
        for a in soup.select("a[href]"):
            if re.match(r"(?i)\s*(https?:)?//", a["href"]):
                checked += 1
                rel = a.get("rel") or []
                assert "noopener" in rel and "noreferrer" in rel, f"/{page}: {str(a)[:160]}"
    assert checked > 100, f"only {checked} external links found"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        (
            '<a href="https://docs.aws.amazon.com/kms/">',
            '<a href="https://docs.aws.amazon.com/kms/" rel="noopener noreferrer">',
        ),
        (
            "<a class='x' HREF='HTTP://example.com'>",
            "<a class='x' HREF='HTTP://example.com' rel=\"noopener noreferrer\">",
        ),
        (
            '<a href="https://github.com/x" rel="edit">',
            '<a href="https://github.com/x" rel="edit noopener noreferrer">',
        ),
        ('<a href="https://x.org" rel="noopener">', '<a href="https://x.org" rel="noopener noreferrer">'),
        ('<a\nhref="//cdn.example.com/x">', '<a\nhref="//cdn.example.com/x" rel="noopener noreferrer">'),
        ('<a href="../kms/">', '<a href="../kms/">'),
        ('<a href="#section">', '<a href="#section">'),
        ('<a data-x="https://example.com" href="./">', '<a data-x="https://example.com" href="./">'),
    ],
)
def test_the_hook_hardens_only_links_to_other_origins(tag, expected):
    assert load_hook("markup_fixes").harden_links(tag) == expected


# --- data is escaped ---------------------------------------------------------------------------------

PAYLOAD = '<script>alert(1)</script> "><img src=x onerror=alert(1)> [link](javascript:alert(1)) <a href="javascript:alert(1)">x</a>'
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
JAVASCRIPT_URL = re.compile(r"""(?i)\b(href|src|action|formaction)\s*=\s*["']?\s*javascript:""")


def replace_once(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture drift: {old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def plant_payloads(project) -> None:
    """The payload in a resource title (registry) and in a prompt, a choice and an explanation
    (question bank). Edited as text, so the YAML keeps its line numbers and comments."""
    import yaml

    quoted = yaml.safe_dump(PAYLOAD, default_style='"').strip()
    registry = project / "docs" / "_data" / "resources.yml"
    replace_once(
        registry,
        "- id: kms-overview\n  toc: 1\n  section: kms\n  title: KMS Overview\n",
        f"- id: kms-overview\n  toc: 1\n  section: kms\n  title: {quoted}\n",
    )
    bank = project / "docs" / "_data" / "questions" / "kms.yml"
    data = read_yaml(bank)
    question = data["questions"][0]
    question["prompt"] = "Which one is safe? " + PAYLOAD
    question["choices"][0]["text"] = "Choice " + PAYLOAD
    question["explanation"] = "Explained: " + PAYLOAD
    bank.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.mark.slow
@pytest.mark.browser
def test_payloads_in_the_data_are_escaped_everywhere(project_copy, chromium):
    plant_payloads(project_copy)
    site = project_copy / "site-out"
    # Without the search index: it is JSON, not a page, and none of the checks below reads it.
    result = mkdocs_build(project_copy, site, extra_env={"SITE_SEARCH": "false"})
    assert result.returncode == 0, f"the build with payloads failed:\n{(result.stdout + result.stderr)[-3000:]}"

    pages = {page: page_file(site, page).read_text(encoding="utf-8") for page in site_pages(site)}
    kms = pages["kms/"]
    assert kms.count(ESCAPED_SCRIPT) >= 3, (
        "the title, prompt, choice and explanation should appear escaped on the KMS page"
    )
    assert "Which one is safe? &lt;script&gt;" in kms and "Explained: &lt;script&gt;" in kms
    for page, html in pages.items():
        assert "<script>alert(1)" not in html, f"/{page}: the payload's <script> came through"
        assert "<img src=x" not in html and '<img src="x"' not in html, f"/{page}: the payload's <img> came through"
        assert not JAVASCRIPT_URL.search(html), f"/{page}: a javascript: URL: {JAVASCRIPT_URL.search(html).group(0)}"

    carrying = [page for page, html in pages.items() if ESCAPED_SCRIPT in html]
    assert {"", "kms/", "review/answer-key/", "print_page/"} <= set(carrying), carrying
    base, stop = serve_site(site, site_path_prefix())
    visit = Visit(chromium, base)
    try:
        for page in carrying:
            tab = visit.open(page)
            planted = tab.evaluate("""() => [...document.querySelectorAll('*')].flatMap(el =>
                [...el.attributes].filter(a => /^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value)).map(a => el.tagName + ' ' + a.name))""")
            assert not planted, f"/{page}: {planted}"
            assert tab.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0, (
                f"/{page}: the payload's <img> is in the DOM"
            )
        tab = visit.open("kms/")
        qid = first_question(tab)
        feedback = answer_first_choice(
            tab, qid
        )  # the choice with the payload: feedback copies its why and the explanation
        assert "Explained: <script>alert(1)</script>" in feedback, feedback
        tab.wait_for_timeout(300)
    finally:
        visit.close()
        stop()
    assert not visit.dialogs, f"a dialog fired: {visit.dialogs}"


@pytest.mark.slow
def test_a_javascript_url_in_the_registry_stops_the_build(minimal_copy):
    replace_once(
        minimal_copy / "docs" / "_data" / "resources.yml",
        "url: https://docs.aws.amazon.com/kms/latest/developerguide/overview.html",
        "url: javascript:alert(1)",
    )
    build_fails(minimal_copy, "docs/_data/resources.yml", "resource 'kms-overview', field 'url'", "https", "Fix:")


def test_no_site_file_holds_a_javascript_url(built_site):
    hits = [
        p.relative_to(built_site).as_posix()
        for p in built_site.rglob("*.html")
        if JAVASCRIPT_URL.search(p.read_text(encoding="utf-8"))
    ]
    assert not hits, f"javascript: URLs in {hits}"


def test_the_hook_refuses_an_unknown_inline_script():
    hook = load_hook("csp")
    page = f"<head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self' {hook.SCRIPT_HASHES}; style-src 'self' {hook.STYLE_HASHES}\"></head><body><script>alert(1)</script></body>"
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match=r"docs/x\.md: an inline <script> the Content-Security-Policy does not allow"):
        hook.fill_policy(page, "docs/x.md")


def test_mkdocs_serve_pages_leave_the_policy_out_for_live_reload():
    hook = load_hook("csp")
    page = f"<head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self' {hook.SCRIPT_HASHES}; style-src 'self' {hook.STYLE_HASHES}\"></head><body><script>livereload(1, 2)</script></body>"
    hook.on_startup("serve", dirty=False)
    assert "Content-Security-Policy" not in hook.fill_policy(page, "docs/x.md")
    hook.on_startup("build", dirty=False)
    with pytest.raises(Exception, match="inline <script>"):
        hook.fill_policy(page, "docs/x.md")

"""Readers can report a problem: every question and every section page carries a "Report a
problem" link that opens the right GitHub issue form with the question id or page filled in,
and the form has fields with exactly those ids."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
import yaml

from macros.checked import section_pages
from macros.quiz import load_banks
from macros.report import PAGE_FORM, PREFILLED, QUESTION_FORM, issue_url
from tests.support import ROOT, built_page, read_mkdocs_config as mkdocs_config, read_page

FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
# Read once: parsing mkdocs.yml for each of the 250-odd question links took seconds.
NEW_ISSUE_URL = mkdocs_config()["repo_url"].rstrip("/") + "/issues/new"


def parsed(href: str) -> tuple[str, dict[str, str]]:
    url = urlparse(href)
    assert f"{url.scheme}://{url.netloc}{url.path}" == NEW_ISSUE_URL, href
    return url.path, {k: v[0] for k, v in parse_qs(url.query).items()}


@pytest.mark.parametrize("form", sorted(PREFILLED))
def test_each_form_exists_and_has_the_prefilled_field_ids(form):
    data = yaml.safe_load((FORMS / form).read_text(encoding="utf-8"))
    ids = {field.get("id") for field in data["body"]}
    assert set(PREFILLED[form]) <= ids, f"{form}: fields {sorted(ids)} lack {sorted(set(PREFILLED[form]) - ids)}"


def test_values_are_url_encoded():
    href = issue_url("https://github.com/o/r", PAGE_FORM, "a & b?", page="docs/x y.md")
    assert "a+%26+b%3F" in href and "docs%2Fx+y.md" in href
    assert parsed_local(href) == {"template": PAGE_FORM, "title": "a & b?", "page": "docs/x y.md"}


def parsed_local(href: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(href).query).items()}


@pytest.mark.parametrize("page", section_pages())
def test_every_section_page_links_to_the_claim_form_with_its_path(built_site, page):
    links = [a for a in read_page(built_page(built_site, page)).select(".page-checked a.report-problem")]
    assert len(links) == 1, f"{page}: {len(links)} page report links"
    assert "Report a problem" in links[0].get_text()
    _, query = parsed(links[0]["href"])
    assert query["template"] == PAGE_FORM and query["page"] == f"docs/{page}" and page in query["title"]


def test_every_question_links_to_the_answer_form_with_its_id(built_site):
    banks = load_banks()
    seen = 0
    for page in section_pages():
        soup = read_page(built_page(built_site, page))
        for form in soup.select("form.quiz-question"):
            qid = form["data-question-id"]
            links = form.select(".quiz-report a.report-problem")
            assert len(links) == 1, f"{page}: question {qid} has {len(links)} report links"
            assert "Report a problem" in links[0].get_text()
            _, query = parsed(links[0]["href"])
            assert query == {
                "template": QUESTION_FORM,
                "title": f"Wrong answer: {qid}",
                "question": qid,
                "page": f"docs/{page}",
            }
            seen += 1
    assert seen == len(banks.questions()), f"{seen} question links for {len(banks.questions())} questions"

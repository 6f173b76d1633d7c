""" "Report a problem" links: a prefilled GitHub issue form for a question or a section page.

GitHub opens an issue form (.github/ISSUE_TEMPLATE/<form>.yml) with its fields filled from the
query string: `?template=<form>.yml&title=...&<field id>=...`. The field ids below must match the
`id:` of the form's fields (tests/test_report_links.py checks both sides).
"""

from __future__ import annotations

from urllib.parse import urlencode

from .errors import SiteDataError

QUESTION_FORM = "wrong-answer.yml"
PAGE_FORM = "outdated-claim.yml"
# form -> the field ids the links prefill
PREFILLED = {QUESTION_FORM: ("question", "page"), PAGE_FORM: ("page",)}


def issue_url(repo_url: str | None, form: str, title: str, **fields: str) -> str:
    """The address of a new issue on `form`, with `title` and `fields` filled in (URL-encoded)."""
    if not repo_url:
        raise SiteDataError(
            "mkdocs.yml",
            "repo_url is not set, so 'Report a problem' cannot open an issue form",
            "set repo_url in mkdocs.yml",
        )
    unknown = set(fields) - set(PREFILLED.get(form, ()))
    if form not in PREFILLED or unknown:
        raise SiteDataError(
            "macros/report.py", f"form '{form}' has no field(s) {sorted(unknown)}", f"use one of {PREFILLED}"
        )
    query = urlencode({"template": form, "title": title, **fields})
    return f"{repo_url.rstrip('/')}/issues/new?{query}"


def question_report_url(repo_url: str | None, question_id: str, page: str) -> str:
    """A wrong or outdated answer: the question id and the page it sits on are prefilled."""
    return issue_url(repo_url, QUESTION_FORM, f"Wrong answer: {question_id}", question=question_id, page=page)


def page_report_url(repo_url: str | None, page: str) -> str:
    """A wrong or outdated claim on a section page: the page (its docs/ path) is prefilled."""
    return issue_url(repo_url, PAGE_FORM, f"Outdated or wrong claim: {page}", page=page)

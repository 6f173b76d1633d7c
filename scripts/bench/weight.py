"""Page weight: what a reader's browser transfers on first load of each kind of page, and each
diagram's gzip size, against their budgets."""

from __future__ import annotations

import re
from pathlib import Path

from scripts.project import CHROMIUM_ARGS, DIAGRAM_GZIP_BUDGET, PAGE_WEIGHT_BUDGET, PRINT_PAGE_BUDGET, chromium_path

from .common import Figure, gzip_size, kb, transfer_size, verdict

PAGE_TYPES = [
    ("home", ""),
    ("section page (kms/)", "kms/"),
    ("mixed review (review/)", "review/"),
    ("mock exam (review/mock-exam/)", "review/mock-exam/"),
    ("print page (print_page/)", "print_page/"),
]

PRINT_PAGE = "print_page/"


def budget_of(path: str) -> int:
    """A reading page's first load is held to PAGE_WEIGHT_BUDGET; the print page is the whole book."""
    return PRINT_PAGE_BUDGET if path == PRINT_PAGE else PAGE_WEIGHT_BUDGET


def kind_of(content_type: str, url: str) -> str:
    ct = content_type.split(";")[0].strip().lower()
    if ct == "text/html":
        return "html"
    if ct == "text/css" or url.endswith(".css"):
        return "css"
    if "javascript" in ct or url.endswith(".js"):
        return "js"
    if ct.startswith("image/"):
        return "image"
    if ct.startswith("font/") or "font" in ct or url.endswith((".woff", ".woff2", ".ttf")):
        return "font"
    if "json" in ct:
        return "json"
    return "other"


def icon_repeats(svg: str) -> int:
    """How many embedded images repeat one already embedded in the same SVG (should be 0)."""
    uris = re.findall(r'href="(data:[^"]+)"', svg)
    return len(uris) - len(set(uris))


def first_load(browser, base: str, path: str) -> tuple[dict[str, int], int, list[str]]:
    """(transfer bytes by kind, request count, other-origin URLs) of one page in a fresh context (empty cache)."""
    context = browser.new_context()
    page = context.new_page()
    responses, foreign = [], []
    page.on("response", lambda response: responses.append(response))
    # The site may load nothing from another origin: count every attempt, answered or not.
    page.on(
        "request",
        lambda request: None if request.url.startswith((base, "data:", "blob:")) else foreign.append(request.url),
    )
    page.goto(base + path, wait_until="networkidle")
    page.wait_for_timeout(1500)  # late fetches: the search index, the repository facts
    by_kind: dict[str, int] = {}
    for response in responses:
        try:
            body = response.body()
        except Exception:  # redirects have no body
            continue
        kind = kind_of(response.headers.get("content-type", ""), response.url)
        by_kind[kind] = by_kind.get(kind, 0) + transfer_size(body)
    context.close()
    return by_kind, len(responses), foreign


def bench_weight(site: Path, base: str) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    figures = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            for label, path in PAGE_TYPES:
                by_kind, requests, foreign = first_load(browser, base, path)
                total = sum(by_kind.values())
                budget = budget_of(path)
                parts = ", ".join(f"{k} {kb(v)}" for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1]))
                # The print page's budget is its HTML, the book itself ("print page HTML" row of the
                # twice-the-content step): its diagrams load eagerly so that Ctrl+P prints them.
                whole_book = path == PRINT_PAGE
                figures.append(
                    Figure(
                        f"page weight: {label}",
                        kb(total),
                        "KB",
                        1,
                        "-" if whole_book else f"<= {kb(budget):.0f} KB",
                        "info" if whole_book else verdict(total, budget),
                        note=f"{requests} requests; KB by kind: {parts}"
                        + (f"; the {kb(budget):.0f} KB budget is on its HTML" if whole_book else ""),
                        detail={"bytes": total, "requests": requests, "by_kind": by_kind},
                    )
                )
                figures.append(
                    Figure(
                        f"requests to other origins: {label}",
                        len(foreign),
                        "",
                        1,
                        "0",
                        verdict(len(foreign), 0),
                        note=", ".join(sorted(set(foreign))[:5]),
                    )
                )
        finally:
            browser.close()

    index = site / "search" / "search_index.json"
    if index.exists():
        data = index.read_bytes()
        figures.append(
            Figure(
                "search index (search_index.json)", kb(gzip_size(data)), "KB gzip", 1, note=f"{kb(len(data))} KB raw"
            )
        )
    for svg in sorted((site / "assets" / "diagrams").glob("*.svg")):
        text = svg.read_text(encoding="utf-8")
        packed, repeats = gzip_size(text.encode()), icon_repeats(text)
        status = "PASS" if packed <= DIAGRAM_GZIP_BUDGET and repeats == 0 else "FAIL"
        figures.append(
            Figure(
                f"diagram {svg.stem}",
                kb(packed),
                "KB gzip",
                1,
                f"<= {kb(DIAGRAM_GZIP_BUDGET):.0f} KB, icons once",
                status,
                note=f"{kb(len(text.encode()))} KB raw; repeated icons: {repeats}",
            )
        )
    return figures

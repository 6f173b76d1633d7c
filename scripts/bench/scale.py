"""Twice the content: does the build scale? In a copy of the project, every section page is
duplicated under a new slug (with its own registry section, question bank and then-and-now
notes, and a nav entry), so the copy has twice today's section pages and questions; then the
copy's cold, warm and plain builds, `make serve` reload and page weights are measured beside
today's.

The copies pass every check of the strict build: ids are new (`<section>-x2`, `<question>-x2`,
`<note>-x2`), and each copied question's stem has every content word of three or more letters
spelt backwards (numbers, macros, "(Choose two.)" and the options stay), so no copy is a
near-duplicate of its original and the naive-strategy scores stay near chance. Nothing is
switched off in the copy: it is the production config with more pages.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from macros.data import read_yaml
from macros.item_checks import STOPWORDS
from macros.pages import nav_titles
from scripts.project import PRINT_PAGE_BUDGET, SCALE_BUILD_RATIO_BUDGET

from .builds import prepare_plain_build, warm_plain_figures
from .common import (
    Build,
    Figure,
    build,
    gzip_size,
    in_turn,
    kb,
    median,
    pair_count,
    pairs,
    read_config,
    verdict,
    write_config,
)
from .machinery import machinery_figure
from .serve import bench_serve

SUFFIX = "x2"
NAV_TITLE = "Twice the content (synthetic)"
SECTION_PAGE = "kms/index.md"
PRINT_PAGE = "print_page/index.html"

# Words of three letters or more, outside {{ ... }}, except the answer-count phrase.
_PROTECTED = re.compile(r"\{\{.*?\}\}|\(?\bchoose\s+(?:two|three|four|2|3|4)\b\.?\)?", re.I | re.S)
_WORD = re.compile(r"[A-Za-z]{3,}")


def _backwards(match: re.Match) -> str:
    # Stop words stay: the item checks ignore them, so reversing only the content words keeps
    # every pair of copies exactly as alike as their originals (which pass).
    word = match.group(0)
    return word if word.casefold() in STOPWORDS else word[::-1]


def reword(prompt: str) -> str:
    """The same stem with each content word spelt backwards: as long, as many words, none shared
    with the original."""
    out, last = [], 0
    for m in _PROTECTED.finditer(prompt):
        out.append(_WORD.sub(_backwards, prompt[last : m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_WORD.sub(_backwards, prompt[last:]))
    return "".join(out)


def copied(name: str) -> str:
    return f"{name}-{SUFFIX}"


def copied_page(src: str) -> str:
    """kms/index.md -> kms/index-x2.md: same folder, so the page's relative links still resolve."""
    return f"{src[: -len('.md')]}-{SUFFIX}.md"


def _load(path: Path):
    return read_yaml(path)


def _dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")


def copy_page_text(text: str, sections: dict[str, str], notes: dict[str, str]) -> str:
    """A section page's Markdown with its quiz and then-and-now notes pointed at their copies."""
    text = re.sub(
        r"""(\{\{-?\s*quiz\(\s*["'])([^"']+)(["'])""",
        lambda m: m.group(1) + sections.get(m.group(2), m.group(2)) + m.group(3),
        text,
    )
    text = re.sub(
        r"""(\{\{-?\s*then_and_now\(\s*["'])([^"']+)(["'])""",
        lambda m: m.group(1) + notes.get(m.group(2), m.group(2)) + m.group(3),
        text,
    )
    return re.sub(r"^(title:\s*)(.+)$", lambda m: f"{m.group(1)}{m.group(2).strip()} (copy)", text, count=1, flags=re.M)


def copy_bank(bank: dict, section: str) -> dict:
    """A question bank for the copied section: new ids, reworded stems, the rest as it was."""
    old = bank["section"]
    questions = []
    for q in bank["questions"]:
        q = dict(q)
        q["id"] = section + q["id"][len(old) :] if q["id"].startswith(old) else copied(q["id"])
        q["prompt"] = reword(q["prompt"])
        questions.append(q)
    return {"section": section, "questions": questions}


def nav_with_copies(nav: list, pages: list[tuple[str, str]]) -> list:
    """The nav with one more part holding the copies, just before the review pages."""
    part = {NAV_TITLE: [{title: src} for title, src in pages]}
    keys = [next(iter(item)) if isinstance(item, dict) else None for item in nav]
    at = keys.index("Review") if "Review" in keys else len(nav)
    return [*nav[:at], part, *nav[at:]]


def make_twice(project: Path) -> dict:
    """Turn the project copy at `project` into one with twice the section pages and questions.
    Returns what was added: {"pages": [...], "sections": [...], "questions": n, "notes": n}."""
    data = project / "docs" / "_data"
    registry = _load(data / "resources.yml")
    sections = {s["id"]: copied(s["id"]) for s in registry["sections"]}
    registry["sections"] += [
        {**s, "id": copied(s["id"]), "title": f"{s['title']} (copy)", "page": copied_page(s["page"])}
        for s in list(registry["sections"])
    ]
    _dump(data / "resources.yml", registry)

    pages = {s["page"] for s in registry["sections"] if not s["id"].endswith(f"-{SUFFIX}")}
    notes_file = _load(data / "then-and-now.yml")
    note_ids = {n["id"]: copied(n["id"]) for n in notes_file["notes"] if n["page"] in pages}
    notes_file["notes"] += [
        {**n, "id": copied(n["id"]), "page": copied_page(n["page"])}
        for n in list(notes_file["notes"])
        if n["page"] in pages
    ]
    _dump(data / "then-and-now.yml", notes_file)

    questions = 0
    for path in sorted((data / "questions").glob("*.yml")):
        bank = _load(path)
        twin = copy_bank(bank, sections[bank["section"]])
        questions += len(twin["questions"])
        _dump(path.with_name(f"{twin['section']}.yml"), twin)

    config = read_config(project)
    titles = nav_titles(config["nav"])
    added = []
    for s in registry["sections"]:
        if s["id"].endswith(f"-{SUFFIX}"):
            continue
        src = project / "docs" / s["page"]
        (project / "docs" / copied_page(s["page"])).write_text(
            copy_page_text(src.read_text(encoding="utf-8"), sections, note_ids), encoding="utf-8"
        )
        added.append((f"{titles.get(s['page'], s['title'])} (copy)", copied_page(s["page"])))
    config["nav"] = nav_with_copies(config["nav"], added)
    write_config(project, "mkdocs.yml", config)
    return {
        "pages": [src for _, src in added],
        "sections": list(sections.values()),
        "questions": questions,
        "notes": len(note_ids),
    }


# --- measuring ---------------------------------------------------------------------------------


def page_gzip(site: Path, page: str) -> int:
    return gzip_size((site / page).read_bytes())


def growth(name: str, before: float, after: float, unit: str, runs: int, budget: float | None = None) -> Figure:
    ratio = after / before
    return Figure(
        f"2x content: {name} growth (2x / 1x)",
        ratio,
        "x",
        runs,
        f"<= {budget:.2f}" if budget else "",
        verdict(ratio, budget) if budget else "info",
        note=f"1x {before:.2f} {unit}, 2x {after:.2f} {unit}",
    )


def bench_scale(
    project: Path, twice: Path, work: Path, runs: int, serve: bool = True, serve_1x: list[Figure] | None = None
) -> list[Figure]:
    """`project` is today's copy, `twice` a second copy that make_twice grows here; serve_1x
    are the serve step's figures for today's content, when it ran (else they are measured here)."""
    info = make_twice(twice)
    figures: list[Figure] = [
        Figure(
            "2x content: what the copy adds",
            f"{len(info['pages'])} section pages, {info['questions']} questions, {info['notes']} notes",
            runs=1,
            note="every section page, question bank and then-and-now note once more, under new ids",
        )
    ]
    cold = build(twice, work / "site-2x-cold")
    figures.append(Figure("2x content: cold build", cold.wall, "s", 1, note=f"1 run (slow); CPU {cold.cpu:.1f} s"))
    plain_config = prepare_plain_build(twice, work)
    if not (project / ".cache").exists():
        build(project, work / "site-1x")  # draws today's diagrams first when the builds step did not
    warm2_build = Build(twice, work / "site-2x")
    warm2, plain2 = pairs(
        warm2_build,
        Build(twice, work / "site-2x-plain", plain_config, strict=False),
        runs,
        ratio=True,
    )
    figures += warm_plain_figures(warm2, plain2, "2x content: ")
    figures.append(machinery_figure(twice, work / "site-2x-machinery", runs, "2x content: "))
    # Growth one build at a time, in alternating order: builds of different lengths run at once
    # would not share the machine for the same stretch.
    runs = pair_count(runs)
    growth_pairs = [in_turn(i, Build(project, work / "site-1x").run, warm2_build.run) for i in range(runs)]
    warm1, warm2 = [a for a, _ in growth_pairs], [b for _, b in growth_pairs]
    w1, w2 = median(t.wall for t in warm1), median(t.wall for t in warm2)
    ratio = median(b.wall / a.wall for a, b in zip(warm1, warm2))
    figures.append(
        Figure(
            "2x content: warm build 2x / 1x",
            ratio,
            "x",
            runs,
            f"<= {SCALE_BUILD_RATIO_BUDGET:.2f}",
            verdict(ratio, SCALE_BUILD_RATIO_BUDGET),
            note=f"median of pairs one after the other, in alternating order; 1x {w1:.2f} s, 2x {w2:.2f} s; "
            f"CPU {median(b.cpu / a.cpu for a, b in zip(warm1, warm2)):.2f}x",
        )
    )

    site1, site2 = work / "site-1x", work / "site-2x"
    print1, print2 = page_gzip(site1, PRINT_PAGE), page_gzip(site2, PRINT_PAGE)
    figures += [
        Figure(
            "print page HTML (gzip), today's content",
            kb(print1),
            "KB",
            1,
            f"<= {kb(PRINT_PAGE_BUDGET):.0f} KB",
            verdict(print1, PRINT_PAGE_BUDGET),
            note="the whole book in one document; its CSS, JS and fonts are the reading pages'",
        ),
        Figure("2x content: print page HTML (gzip)", kb(print2), "KB", 1, note="info: twice the book"),
        growth("print page", kb(print1), kb(print2), "KB", 1),
    ]
    section = SECTION_PAGE[: -len("index.md")] + "index.html"
    figures.append(
        growth(
            f"section page {SECTION_PAGE} HTML (gzip)",
            kb(page_gzip(site1, section)),
            kb(page_gzip(site2, section)),
            "KB",
            1,
        )
    )
    index = "search/search_index.json"
    if (site1 / index).exists() and (site2 / index).exists():
        figures.append(growth("search index (gzip)", kb(page_gzip(site1, index)), kb(page_gzip(site2, index)), "KB", 1))

    if serve:
        reload1 = serve_1x if serve_1x is not None else bench_serve(project, runs, diagram=False)
        if serve_1x is None:
            figures += reload1
        reload2 = bench_serve(twice, runs, diagram=False)
        for f in reload2:
            f.name = "2x content: " + f.name
        figures += reload2
        edit1, edit2 = _page_edit(reload1), _page_edit(reload2)
        if edit1 and edit2:
            figures.append(growth("make serve page-edit reload", edit1.value, edit2.value, "s", runs))
    return figures


def _page_edit(figures: list[Figure]) -> Figure | None:
    return next((f for f in figures if "page edit" in f.name), None)

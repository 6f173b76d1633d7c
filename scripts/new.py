#!/usr/bin/env python3
"""Scaffolding for contributors: `make new-page` and `make new-question`.

    make new-page SECTION=kms SLUG=grants TITLE="KMS grants"
    make new-question SECTION=kms-access-control [SLUG=grant-retire]

Each writes a file with every required part in place and prints what to fill in. Arguments
left out are asked for when the terminal is interactive.

A new page builds as soon as it is in mkdocs.yml's nav; its TODO lines are for you to
replace. A new question is deliberately refused by the build until you have written it: its
skeleton carries the line `TODO_write_this_question_then_delete_this_line: true`, which the
bank's schema rejects with a message naming the question's id and line (see CONTRIBUTING.md).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from scripts.project import ROOT, read_mkdocs_config

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TODO_KEY = "TODO_write_this_question_then_delete_this_line"
# Folders under docs/ that hold pages but are not a part of the guide.
NOT_PARTS = {"assets", "_data", "_overrides", "_examples"}


class ScaffoldError(Exception):
    """A wrong argument; the message says which and what to type instead."""


# -- data the scaffolds need ---------------------------------------------------------------


def load_yaml(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def registry(root: Path) -> dict:
    return load_yaml(root / "docs" / "_data" / "resources.yml")


def parts(root: Path) -> list[str]:
    docs = root / "docs"
    return sorted(
        p.name for p in docs.iterdir() if p.is_dir() and p.name not in NOT_PARTS and not p.name.startswith(".")
    )


def sections_of_part(reg: dict, part: str) -> list[dict]:
    return [s for s in reg["sections"] if s["page"].startswith(part + "/")]


def example_resource(reg: dict, section_ids: list[str]) -> str:
    """A real registry id to cite: the first row of the part's sections, else the first row."""
    for row in reg["resources"]:
        if row["section"] in section_ids:
            return row["id"]
    return reg["resources"][0]["id"]


def question_ids(root: Path) -> set[str]:
    ids = set()
    for bank in sorted((root / "docs" / "_data" / "questions").glob("*.yml")):
        data = load_yaml(bank) or {}
        ids.update(q.get("id") for q in data.get("questions") or [] if isinstance(q, dict))
    return ids


# -- new page ------------------------------------------------------------------------------


def page_text(title: str, tasks: list[str], cite_id: str) -> str:
    task_list = ", ".join(f'"{t}"' for t in tasks)
    exam_note = (
        "" if tasks else "exam_note: TODO say why this page is outside the DVA-C02 tasks, or list the task ids above.\n"
    )
    return f"""---
title: {title}
objectives:
  - TODO one thing a learner can do after reading this page (start with a verb, e.g. "Choose ...").
  - TODO a second objective.
exam_tasks: [{task_list}]  # TODO keep only the DVA-C02 tasks this page covers
{exam_note}traps:
  - TODO the distinction an exam question turns on (shown in the Exam traps box, and as a flashcard).
---

# {title}

{{{{ page_intro() }}}}

TODO one short paragraph: what this page covers and why it matters for the exam.

## TODO first topic heading

TODO your explanation, in your own words. Cite the official page that backs each claim under
every `##` heading, e.g. {{{{ cite("{cite_id}") }}}} (ids: docs/_data/resources.yml).

{{{{ exam_traps() }}}}

{{{{ resources_box() }}}}
"""


def nav_hint(root: Path, part: str, page: str, title: str) -> str:
    """Where the page goes in mkdocs.yml: under the nav group that lists the part's other pages."""
    group = None
    nav = load_nav(root)
    for entry in nav:
        for name, value in entry.items() if isinstance(entry, dict) else ():
            if isinstance(value, list) and any(
                str(v).startswith(part + "/") for item in value if isinstance(item, dict) for v in item.values()
            ):
                group = name
    where = f"under '{group}:'" if group else "where it belongs in the reading order (top level)"
    indent = "      " if group else "  "
    return f"Add this line to nav: in mkdocs.yml, {where}:\n\n{indent}- {title}: {page}\n"


def load_nav(root: Path) -> list:
    return read_mkdocs_config(root).get("nav") or []


def new_page(root: Path, part: str, slug: str, title: str) -> str:
    known = parts(root)
    if part not in known:
        raise ScaffoldError(
            f"SECTION='{part}' is not a folder of docs/. Use one of: {', '.join(known)} (or create the folder first)"
        )
    if not SLUG.match(slug):
        raise ScaffoldError(f"SLUG='{slug}' must be lowercase words joined by hyphens, e.g. SLUG=key-grants")
    if not title.strip() or ":" in title or "#" in title:
        raise ScaffoldError(f"TITLE='{title}' must be non-empty and without ':' or '#', e.g. TITLE=\"KMS grants\"")
    page = f"{part}/{slug}.md"
    path = root / "docs" / page
    if path.exists():
        raise ScaffoldError(f"docs/{page} already exists: pick another SLUG, or edit that page")
    reg = registry(root)
    sections = sections_of_part(reg, part)
    tasks = sorted({t for s in sections for t in s.get("tasks", [])})
    cite_id = example_resource(reg, [s["id"] for s in sections])
    path.write_text(page_text(title.strip(), tasks, cite_id), encoding="utf-8")
    return (
        f"Created docs/{page}\n\n"
        + nav_hint(root, part, page, title.strip())
        + "\nThen fill in every TODO in the page:\n"
        "  - objectives: what a learner can do after reading it; exam_tasks: ids from docs/_data/exam.yml\n"
        f"  - a '##' section per topic, each citing a registry id (the example cites '{cite_id}';\n"
        "    add new URLs to docs/_data/resources.yml first, see CONTRIBUTING.md 'Add a resource')\n"
        "  - the exam traps; optionally {{ then_and_now(...) }}, {{ diagram(...) }}, {{ quiz(...) }}\n"
        "Check it with `make serve` (live preview) and `make test`.\n"
    )


# -- new question --------------------------------------------------------------------------


def question_text(qid: str, task: str, source: str, indent: str) -> str:
    body = f"""- id: {qid}
  {TODO_KEY}: true
  task: "{task}"
  difficulty: apply                   # recall | apply | multi-constraint
  prompt: >-
    TODO ({qid}) A developer must ... Which solution meets these requirements?
  choices:                            # 2 to 6 choices; say why each one is right or wrong
    - text: TODO the right answer.
      why: TODO why this is right, with the fact that settles it.
    - text: TODO a plausible wrong answer.
      why: TODO specifically why this one is wrong (one sentence).
    - text: TODO a second plausible wrong answer.
      why: TODO specifically why this second one is wrong.
    - text: TODO a third plausible wrong answer.
      why: TODO specifically why this third one is wrong.
  answer: 0                           # zero-based index of the right choice; move it off 0
  explanation: >-
    TODO the principle the question tests, in one or two sentences.
  source: {source}  # the registry id that settles the answer
  proof: null
"""
    return "".join(indent + line if line else line for line in body.splitlines(keepends=True))


def bank_indent(text: str) -> str:
    match = re.search(r"^([ \t]*)- id:", text, re.M)
    return match.group(1) if match else "  "


def new_question(root: Path, section: str, slug: str | None) -> str:
    reg = registry(root)
    by_id = {s["id"]: s for s in reg["sections"]}
    if section not in by_id:
        raise ScaffoldError(f"SECTION='{section}' is not a registry section. Use one of: {', '.join(by_id)}")
    bank = root / "docs" / "_data" / "questions" / f"{section}.yml"
    if not bank.exists():
        raise ScaffoldError(
            f"{bank.relative_to(root)} does not exist yet: create it with 'section: {section}' and 'questions:' first"
        )
    taken = question_ids(root)
    if slug:
        if not SLUG.match(slug):
            raise ScaffoldError(f"SLUG='{slug}' must be lowercase words joined by hyphens, e.g. SLUG=grant-retire")
        qid = slug if slug.startswith(section + "-") else f"{section}-{slug}"
        if qid in taken:
            raise ScaffoldError(f"question id '{qid}' is taken: choose another SLUG")
    else:
        n = 1
        while f"{section}-new-question-{n}" in taken:
            n += 1
        qid = f"{section}-new-question-{n}"
    tasks = by_id[section].get("tasks") or []
    task = tasks[0] if tasks else "none"
    source = example_resource(reg, [section])
    text = bank.read_text(encoding="utf-8")
    addition = ("" if text.endswith("\n") else "\n") + question_text(qid, task, source, bank_indent(text))
    bank.write_text(text + addition, encoding="utf-8")
    # Appending is only right when `questions:` is the file's last key: check, and undo otherwise.
    data = load_yaml(bank)
    if not (isinstance(data, dict) and data.get("questions") and data["questions"][-1].get("id") == qid):
        bank.write_text(text, encoding="utf-8")
        raise ScaffoldError(
            f"{bank.relative_to(root)}: 'questions:' is not the last key of the file, so the skeleton cannot be appended; move it last and retry"
        )
    line = text.count("\n") + (0 if text.endswith("\n") else 1) + 1
    rel = bank.relative_to(root)
    return (
        f"Appended question '{qid}' to {rel} (line {line}).\n\n"
        "Fill it in:\n"
        "  - prompt: an exam-style scenario; add '(Choose two.)' and give 'answer' a list if it has two answers\n"
        "  - choices: every 'text' and 'why' (a wrong choice's 'why' says specifically why it is wrong)\n"
        "  - answer: the zero-based index of the right choice (vary its position across questions)\n"
        f"  - task ({task}) and source ({source}): check they fit; source is a registry id that settles the answer\n"
        f"  - then delete the line '{TODO_KEY}: true'\n\n"
        f"Until that line is gone the build stops with:\n"
        f"  {rel}: ... question '{qid}' (line {line}), field '{TODO_KEY}': Extra inputs are not permitted\n"
        "Check it with `make serve` (the question appears on the section page) and `make test`.\n"
    )


# -- command line --------------------------------------------------------------------------


def ask(value: str | None, prompt: str, interactive: bool) -> str:
    if value:
        return value
    if not interactive:
        raise ScaffoldError(f"missing {prompt.split(' (')[0]}: pass it on the command line (see `make help`)")
    return input(prompt + ": ").strip()


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(description="Scaffold a page or a question.")
    parser.add_argument("kind", choices=["page", "question"])
    parser.add_argument("--section", default="")
    parser.add_argument("--slug", default="")
    parser.add_argument("--title", default="")
    parser.add_argument("--root", type=Path, default=root, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    interactive = sys.stdin.isatty()
    try:
        if args.kind == "page":
            part = ask(args.section, f"SECTION (a docs/ folder: {', '.join(parts(args.root))})", interactive)
            slug = ask(args.slug, "SLUG (file name, lowercase-hyphens, e.g. key-grants)", interactive)
            title = ask(args.title, "TITLE (e.g. KMS grants)", interactive)
            print(new_page(args.root, part, slug, title))
        else:
            ids = ", ".join(s["id"] for s in registry(args.root)["sections"])
            section = ask(args.section, f"SECTION (one of: {ids})", interactive)
            print(new_question(args.root, section, args.slug or None))
    except ScaffoldError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

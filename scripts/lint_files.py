#!/usr/bin/env python3
"""File checks for pre-commit that need no download (the hook repositories on GitHub are not
reachable from every machine that builds this site):

    lint_files.py yaml FILE...          every YAML file parses (tags such as mkdocs.yml's !ENV allowed)
    lint_files.py whitespace FILE...    no spaces at line ends, exactly one newline at the end

`whitespace` repairs what it finds and says so (as pre-commit's own hooks do): run `git add`
again and commit. With --check it only reports. Every message starts with file:line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml may use !ENV, !relative or !!python/name: tags; parse them, do not run them."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def check_yaml(path: Path) -> list[str]:
    try:
        list(yaml.load_all(path.read_text(encoding="utf-8"), Loader=_AnyTagLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return [
            f"{path}{line}: YAML syntax error: {problem}. Fix: check the indentation and quoting on that line "
            "(indent with spaces, and quote a value that holds ': ' or ' #')."
        ]
    except UnicodeDecodeError:
        return [f"{path}: not UTF-8 text. Fix: save the file as UTF-8."]
    return []


def check_whitespace(path: Path, fix: bool) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return []  # binary files are not ours to judge
    problems = []
    lines = text.split("\n")
    for n, line in enumerate(lines, start=1):
        if line != line.rstrip(" \t\r"):
            problems.append(
                f"{path}:{n}: spaces or tabs at the end of the line. Fix: delete them "
                "(most editors have a 'trim trailing whitespace' setting)."
            )
    cleaned = "\n".join(line.rstrip(" \t\r") for line in lines).rstrip("\n")
    cleaned = cleaned + "\n" if cleaned else ""
    if text and not text.endswith("\n"):
        problems.append(f"{path}:{len(lines)}: the file does not end with a newline. Fix: add one after the last line.")
    elif text.endswith("\n\n"):
        problems.append(
            f"{path}:{len(lines) - 1}: blank lines at the end of the file. Fix: delete them (keep one newline)."
        )
    if problems and fix:
        path.write_text(cleaned, encoding="utf-8")
        problems = [p + " (repaired: review and `git add` the file again)" for p in problems]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("check", choices=["yaml", "whitespace"])
    parser.add_argument("--check", dest="check_only", action="store_true", help="report only, change nothing")
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_intermixed_args(argv)
    problems: list[str] = []
    for path in args.files:
        if args.check == "yaml":
            problems += check_yaml(path)
        else:
            problems += check_whitespace(path, fix=not args.check_only)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

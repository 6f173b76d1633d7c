"""One error type for every bad input, so the build stops with a message a contributor can act on."""

from __future__ import annotations


def unknown_id(where: str, kind: str, wanted: str, known, data_file: str) -> "SiteDataError":
    """The error for an id that is not in a data file, with the closest ids as a hint."""
    import difflib

    close = difflib.get_close_matches(wanted, list(known), n=3, cutoff=0.6)
    hint = f" Close ids: {', '.join(close)}." if close else ""
    return SiteDataError(
        where, f"unknown {kind} id '{wanted}'", f"use an id from {data_file}, or add a row for it there.{hint}"
    )


class SiteDataError(Exception):
    """Bad site input: names the file (and line or id) and says what to change."""

    def __init__(self, where: str, problem: str, fix: str):
        self.where = where
        self.problem = problem
        self.fix = fix
        super().__init__(f"{where}: {problem}\n  Fix: {fix}")

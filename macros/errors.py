"""One error type for every bad input, so the build stops with a message a contributor can act on."""

from __future__ import annotations


class SiteDataError(Exception):
    """Bad site input: names the file (and line or id) and says what to change."""

    def __init__(self, where: str, problem: str, fix: str):
        self.where = where
        self.problem = problem
        self.fix = fix
        super().__init__(f"{where}: {problem}\n  Fix: {fix}")

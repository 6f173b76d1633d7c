"""The resource registry: every external URL of the site, written once (docs/_data/resources.yml)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from .data import DATA_DIR, load_model
from .errors import SiteDataError, unknown_id

REGISTRY_PATH = DATA_DIR / "resources.yml"
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
TOC_ROWS = 22  # the blog's table of contents has 22 rows


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=3, description="the blog's section title")
    page: str = Field(pattern=r"^[a-z0-9/-]+\.md$", description="the page of this site that covers it")
    tasks: list[str] = Field(description="DVA-C02 task statements, e.g. ['2.1']; empty when out of scope")


class Resource(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN)
    toc: int | None = Field(default=None, ge=1, le=TOC_ROWS, description="position in the blog's table of contents")
    section: str
    title: str = Field(min_length=2, description="the blog's link text for its rows; a short title otherwise")
    page_title: str | None = Field(default=None, description="the official page's title today, when it was seen")
    url: str
    status: Literal["current", "moved", "legacy"]
    note: str = Field(min_length=3)
    confirmed: dt.date | None = Field(description="when the URL was last confirmed; null when unconfirmed")
    sheet: bool = Field(default=False, description="the row was one of the blog author's question sheets")

    @property
    def display_title(self) -> str:
        """What a reader sees in prose and lists: the page's own title when it was seen."""
        return self.page_title or self.title

    @field_validator("url")
    @classmethod
    def _https_url(cls, v: str) -> str:
        if not re.match(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/[^\s<>\"'`]*)?$", v):
            raise ValueError(f"'{v}' is not a well-formed https URL")
        return v


class Registry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sections: list[Section]
    resources: list[Resource]
    _by_id: dict[str, Resource] = PrivateAttr(default_factory=dict)
    _sections: dict[str, Section] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> "Registry":
        seen: set[str] = set()
        for r in self.resources:
            if r.id in seen:
                raise ValueError(f"duplicate resource id '{r.id}'")
            seen.add(r.id)
        sections = {s.id for s in self.sections}
        for r in self.resources:
            if r.section not in sections:
                raise ValueError(
                    f"resource '{r.id}' names unknown section '{r.section}' (known: {', '.join(sorted(sections))})"
                )
        tocs = sorted(r.toc for r in self.resources if r.toc is not None)
        if tocs != list(range(1, TOC_ROWS + 1)):
            raise ValueError(f"the 'toc' numbers must be 1..{TOC_ROWS}, each once; found {tocs}")
        for r in self.resources:
            if r.sheet and r.toc is None:
                raise ValueError(f"resource '{r.id}' is a question sheet but has no 'toc' position")
        return self

    # Lookups are built once per parsed registry.
    def model_post_init(self, __context: Any) -> None:
        self._by_id = {r.id: r for r in self.resources}
        self._sections = {s.id: s for s in self.sections}

    def get(self, rid: str, where: str = "a page") -> Resource:
        try:
            return self._by_id[rid]
        except KeyError:
            raise unknown_id(where, "resource", rid, self._by_id, "docs/_data/resources.yml") from None

    def section(self, sid: str) -> Section:
        try:
            return self._sections[sid]
        except KeyError:
            raise SiteDataError(
                "docs/_data/resources.yml", f"unknown section '{sid}'", "use a section id listed under 'sections:'"
            ) from None

    def toc_rows(self) -> list[Resource]:
        return sorted((r for r in self.resources if r.toc), key=lambda r: r.toc)


def _label(raw: Any, loc: tuple) -> str:
    if len(loc) >= 2 and loc[0] in ("resources", "sections") and isinstance(loc[1], int):
        try:
            rid = raw[loc[0]][loc[1]].get("id", f"#{loc[1] + 1}")
        except (KeyError, IndexError, TypeError, AttributeError):
            rid = f"#{loc[1] + 1}"
        field = ".".join(map(str, loc[2:])) or "(row)"
        return f"{loc[0][:-1]} '{rid}', field '{field}'"
    return ".".join(map(str, loc)) or "(file)"


def load_registry(path=REGISTRY_PATH) -> Registry:
    return load_model(path, Registry, _label)

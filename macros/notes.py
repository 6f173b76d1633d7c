""" "Then and now" notes (docs/_data/then-and-now.yml): the blog's fact, today's fact, when AWS
changed it, who says so. Written once; pages, flashcards and the cram sheet read them here."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .data import DATA_DIR, load_model
from .errors import SiteDataError
from .registry import ID_PATTERN, load_registry

NOTES_PATH = DATA_DIR / "then-and-now.yml"
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


class Note(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN)
    page: str = Field(pattern=r"^[a-z0-9/-]+\.md$", description="the page that shows it")
    then: str = Field(min_length=10)
    now: str = Field(min_length=10)
    source: str = Field(pattern=ID_PATTERN)
    date: str | None = Field(default=None, description="when AWS changed it: YYYY-MM or YYYY-MM-DD (or a fact() call)")
    checked: str | None = Field(default=None, description="when the change was seen, where AWS gives no date")

    @field_validator("date", "checked", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else value

    @model_validator(mode="after")
    def _dated(self) -> "Note":
        if not self.date and not self.checked:
            raise ValueError(
                f"note '{self.id}' needs date (when AWS changed it) or checked (when the change was seen, if AWS gives no date)"
            )
        for label, value in (("date", self.date), ("checked", self.checked)):
            if value and "{{" not in value and not _DATE.match(value):
                raise ValueError(f"note '{self.id}': {label} '{value}' is not YYYY-MM-DD or YYYY-MM")
        return self


class Notes(BaseModel):
    model_config = ConfigDict(extra="forbid")
    notes: list[Note]

    def get(self, nid: str, where: str) -> Note:
        for note in self.notes:
            if note.id == nid:
                return note
        import difflib

        close = difflib.get_close_matches(nid, [n.id for n in self.notes], n=3, cutoff=0.6)
        raise SiteDataError(
            where,
            f"unknown then-and-now note '{nid}'",
            "use an id from docs/_data/then-and-now.yml, or add the note there"
            + (f". Close ids: {', '.join(close)}" if close else ""),
        )


def load_notes(path=NOTES_PATH) -> Notes:
    notes = load_model(path, Notes)
    seen: set[str] = set()
    registry = load_registry()
    for note in notes.notes:
        if note.id in seen:
            raise SiteDataError(
                "docs/_data/then-and-now.yml", f"note id '{note.id}' is used twice", "give each note its own id"
            )
        seen.add(note.id)
        registry.get(note.source, f"docs/_data/then-and-now.yml (note '{note.id}', field 'source')")
    return notes

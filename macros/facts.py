"""The facts file (docs/_data/facts.yml): every number, limit, default, enum value, quota and
date the guide states, written once with its source. Pages print a fact with
`{{ fact("kms-encrypt-max-bytes") }}`; questions list the facts they rely on; facts that an AWS
API model states carry a `model` reference, and tests prove them against the pinned botocore
(macros/api_models.py) while the drift report re-reads them from newer releases.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from .api_models import ModelError, ModelRef, resolve
from .data import DATA_DIR, load_model
from .errors import SiteDataError, unknown_id
from .registry import ID_PATTERN, load_registry

FACTS_PATH = DATA_DIR / "facts.yml"

# How a value reads in prose, by unit. "count" and "text" print the value alone.
UNIT_WORDS = {
    "bytes": ("byte", "bytes"),
    "KB": ("KB", "KB"),
    "MB": ("MB", "MB"),
    "GB": ("GB", "GB"),
    "characters": ("character", "characters"),
    "seconds": ("second", "seconds"),
    "minutes": ("minute", "minutes"),
    "hours": ("hour", "hours"),
    "days": ("day", "days"),
    "years": ("year", "years"),
    "requests per second": ("request per second", "requests per second"),
    "percent": ("%", "%"),
    "count": ("", ""),
    "date": ("", ""),
    "text": ("", ""),
}
Unit = Literal[tuple(UNIT_WORDS)]  # type: ignore[valid-type]


class Fact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN)
    value: int | float | str | list[str]
    unit: Unit
    claim: str = Field(min_length=8, description="what the value is, in a reader's words")
    source: str = Field(pattern=ID_PATTERN, description="registry id of the page that states it")
    model: ModelRef | None = Field(default=None, description="where botocore's API model states it")
    display: str | None = Field(default=None, description="how prose prints it, when the unit's form does not fit")

    @model_validator(mode="after")
    def _value_fits_unit(self) -> "Fact":
        if self.unit == "date":
            try:
                dt.date.fromisoformat(str(self.value))
            except ValueError:
                raise ValueError(f"fact '{self.id}': a date is written YYYY-MM-DD, not {self.value!r}") from None
        elif self.unit not in ("text",) and not isinstance(self.value, (int, float)):
            if not (self.model and self.model.field in ("enum", "exists")):
                raise ValueError(f"fact '{self.id}': unit '{self.unit}' needs a number, not {self.value!r}")
        return self

    def text(self, form: str = "full") -> str:
        """The value as prose prints it: 'full' (4,096 bytes), 'number' (4,096), 'unit' (bytes)."""
        if self.display and form == "full":
            return self.display
        value = self.value
        if isinstance(value, list):
            number = ", ".join(value)
        elif isinstance(value, (int, float)) and self.unit not in ("date", "text"):
            number = f"{value:,}" if isinstance(value, int) else f"{value:,g}"
        else:
            number = str(value)
        singular, plural = UNIT_WORDS[self.unit]
        word = singular if value == 1 else plural
        if form == "number":
            return number
        if form == "unit":
            return word
        if not word:
            return number
        return f"{number}{word}" if self.unit == "percent" else f"{number} {word}"

    def model_disagreement(self, data_root=None) -> str | None:
        """None when the API model states this value; else what the model says."""
        if self.model is None:
            return None
        try:
            found = resolve(self.model, data_root)
        except ModelError as exc:
            return str(exc)
        if self.model.field == "exists":
            return None
        if self.model.field == "enum":
            listed = set(found)
            wanted = set(self.value) if isinstance(self.value, list) else {str(self.value)}
            if isinstance(self.value, list):
                return None if wanted == listed else f"the model lists {sorted(listed)}"
            return None if wanted <= listed else f"the model lists {sorted(listed)}"
        return None if str(found) == str(self.value) else f"the model says {found!r}"


class Facts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    facts: list[Fact]
    _by_id: dict[str, Fact] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _unique(self) -> "Facts":
        seen: set[str] = set()
        for f in self.facts:
            if f.id in seen:
                raise ValueError(f"fact id '{f.id}' is used twice")
            seen.add(f.id)
        return self

    def model_post_init(self, __context: Any) -> None:
        self._by_id = {f.id: f for f in self.facts}

    def get(self, fid: str, where: str = "a page") -> Fact:
        try:
            return self._by_id[fid]
        except KeyError:
            raise unknown_id(where, "fact", fid, self._by_id, "docs/_data/facts.yml") from None


# The (facts, registry) pair whose sources were last checked against each other: load_model and
# load_registry return the same objects until their files change, so the check runs once per
# change instead of once per {{ fact() }} call (a build makes over a thousand).
_checked: dict = {}


def load_facts(path=FACTS_PATH) -> Facts:
    facts = load_model(path, Facts)
    registry = load_registry()
    pair = _checked.get(path)
    if pair is None or pair[0] is not facts or pair[1] is not registry:
        for f in facts.facts:
            registry.get(f.source, f"docs/_data/facts.yml (fact '{f.id}', field 'source')")
        _checked[path] = (facts, registry)
    return facts


def register(env: Any) -> None:
    from .pages import where

    @env.macro
    def fact(fid: str, form: str = "full") -> str:
        """A number, limit or date from docs/_data/facts.yml, as prose prints it."""
        if form not in ("full", "number", "unit"):
            raise SiteDataError(
                where(env),
                f"fact('{fid}', '{form}'): unknown form",
                "use 'full' (4,096 bytes), 'number' (4,096) or 'unit' (bytes)",
            )
        return load_facts().get(fid, where(env)).text(form)

"""AWS's own API models, as botocore ships them: the offline authority for API names, members,
enums, limits and documented defaults.

A `ModelRef` points at one value in one service model (a shape's `min`, `max` or `enum`, or a
number or word its documentation states). The facts file (docs/_data/facts.yml) uses it to prove
a fact against the pinned botocore, and the drift report (scripts/drift/) to read the same
value from a newer botocore. Both call `resolve()`: there is one reading of a model.

    ref = ModelRef(service="kms", shape="EncryptRequest", member="Plaintext", field="max")
    resolve(ref)                       # 4096, from the installed botocore
    resolve(ref, data_root=Path(...))  # from another botocore's botocore/data folder
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import botocore.loaders
from pydantic import BaseModel, ConfigDict, Field, model_validator

FIELDS = ("min", "max", "enum", "documentation", "exists")


class ModelRef(BaseModel):
    """Where an API model states a value.

    field: min / max (a shape's bounds), enum (its allowed values), exists (the shape, member or
    enum value is there: the value is true), documentation (the text of the member's, else the
    shape's, documentation, matched by `pattern`, whose first group is the value)."""

    model_config = ConfigDict(extra="forbid")

    service: str = Field(pattern=r"^[a-z0-9-]+$", description="botocore service name, e.g. kms, cognito-idp")
    shape: str = Field(pattern=r"^[A-Za-z0-9]+$")
    member: str | None = Field(default=None, pattern=r"^[A-Za-z0-9]+$")
    field: Literal["min", "max", "enum", "documentation", "exists"]
    pattern: str | None = Field(default=None, description="for field: documentation; group 1 is the value")
    enum_value: str | None = Field(default=None, description="for field: exists, an enum value that must be listed")

    @model_validator(mode="after")
    def _pattern_for_documentation(self) -> "ModelRef":
        if self.field == "documentation":
            if not self.pattern:
                raise ValueError("field 'documentation' needs a 'pattern' whose first group captures the value")
            if re.compile(self.pattern).groups < 1:
                raise ValueError(f"pattern {self.pattern!r} has no capturing group")
        elif self.pattern:
            raise ValueError(f"'pattern' is only for field 'documentation' (this ref reads '{self.field}')")
        return self

    def describe(self) -> str:
        where = self.shape + (f".{self.member}" if self.member else "")
        extra = f" ~ /{self.pattern}/" if self.pattern else (f" [{self.enum_value}]" if self.enum_value else "")
        return f"botocore {self.service}: {where} {self.field}{extra}"


class ModelError(LookupError):
    """The model does not have what a reference names (the shape, member or value is gone)."""


@lru_cache(maxsize=None)
def load_service(service: str, data_root: str | None = None) -> dict[str, Any]:
    """The service-2 model of `service`, from the installed botocore or from `data_root` (a
    `botocore/data` folder, e.g. unpacked from another botocore wheel)."""
    if data_root is None:
        loader = botocore.loaders.create_loader()
    else:
        loader = botocore.loaders.Loader(extra_search_paths=[str(data_root)], include_default_search_paths=False)
    try:
        return loader.load_service_model(service, "service-2")
    except botocore.exceptions.UnknownServiceError as exc:
        raise ModelError(f"no model for service '{service}' under {data_root or 'the installed botocore'}") from exc


def _text(documentation: str) -> str:
    """Model documentation is HTML: the words a reader sees, on one line."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", documentation)).split())


def resolve(ref: ModelRef, data_root: Path | str | None = None) -> Any:
    """The value `ref` points at, read from the model. Raises ModelError when it is not there."""
    shapes = load_service(ref.service, str(data_root) if data_root else None)["shapes"]
    if ref.shape not in shapes:
        raise ModelError(f"{ref.describe()}: shape '{ref.shape}' is not in the model")
    shape = shapes[ref.shape]
    member = None
    target = shape
    if ref.member:
        member = shape.get("members", {}).get(ref.member)
        if member is None:
            raise ModelError(f"{ref.describe()}: '{ref.shape}' has no member '{ref.member}'")
        target = shapes[member["shape"]]
    if ref.field == "exists":
        if ref.enum_value is not None and ref.enum_value not in target.get("enum", []):
            raise ModelError(f"{ref.describe()}: enum value '{ref.enum_value}' is not listed")
        return True
    if ref.field == "documentation":
        text = _text((member or {}).get("documentation") or target.get("documentation") or "")
        match = re.search(ref.pattern, text)
        if not match:
            raise ModelError(f"{ref.describe()}: the documentation no longer matches; it reads: {text[:300]!r}")
        return match.group(1)
    if ref.field not in target:
        raise ModelError(
            f"{ref.describe()}: the shape '{member['shape'] if member else ref.shape}' has no '{ref.field}'"
        )
    value = target[ref.field]
    return list(value) if ref.field == "enum" else value

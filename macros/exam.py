"""The DVA-C02 exam guide's task statements (docs/_data/exam.yml)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .data import DATA_DIR, load_model
from .errors import SiteDataError

EXAM_PATH = DATA_DIR / "exam.yml"


class Task(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[1-4]\.[1-4]$")
    title: str


class Bullet(BaseModel):
    """A 'knowledge of' or 'skills in' bullet of the exam guide, paraphrased."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[1-4]\.[1-4]-[ks][0-9]+$")
    task: str = Field(pattern=r"^[1-4]\.[1-4]$")
    kind: Literal["knowledge", "skill"]
    text: str = Field(min_length=5)
    teach: list[str] = Field(default_factory=list, description="page sections that teach it: 'kms/index.md#anchor'")


class ExamGuide(BaseModel):
    model_config = ConfigDict(extra="forbid")
    exam: str
    tasks: list[Task]
    bullets: list[Bullet] = Field(default_factory=list)

    def bullet_ids(self) -> set[str]:
        return {b.id for b in self.bullets}

    def task(self, tid: str, where: str) -> str:
        for t in self.tasks:
            if t.id == tid:
                return t.title
        raise SiteDataError(where, f"unknown DVA-C02 task '{tid}'", f"use one of {', '.join(t.id for t in self.tasks)} (docs/_data/exam.yml)")


def load_exam_guide() -> ExamGuide:
    return load_model(EXAM_PATH, ExamGuide)

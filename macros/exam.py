"""The DVA-C02 exam guide's task statements (docs/_data/exam.yml)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .data import DATA_DIR, load_model
from .errors import SiteDataError

EXAM_PATH = DATA_DIR / "exam.yml"


class Task(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[1-4]\.[1-4]$")
    title: str


class ExamGuide(BaseModel):
    model_config = ConfigDict(extra="forbid")
    exam: str
    tasks: list[Task]

    def task(self, tid: str, where: str) -> str:
        for t in self.tasks:
            if t.id == tid:
                return t.title
        raise SiteDataError(where, f"unknown DVA-C02 task '{tid}'", f"use one of {', '.join(t.id for t in self.tasks)} (docs/_data/exam.yml)")


def load_exam_guide() -> ExamGuide:
    return load_model(EXAM_PATH, ExamGuide)

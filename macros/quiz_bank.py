"""Question banks (docs/_data/questions/<section>.yml): the schema, the checks that span
questions and banks, and one cached load of every bank per build.

Everything a wrong bank can get wrong stops the build here with the file, the line and the
question id, so a mistake never reaches a learner as a wrong answer key."""

from __future__ import annotations

import logging
import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationInfo, model_validator

from .data import DATA_DIR, ROOT, load_model, rel
from .errors import SiteDataError
from .exam import load_exam_guide
from .registry import ID_PATTERN, load_registry

QUESTIONS_DIR = DATA_DIR / "questions"
LETTERS = "ABCDEF"
NO_TASK = "none"
MIN_WHY_CHARS = 20
# The difficulty rubric: what a reader must do to answer, not how obscure the fact is.
DIFFICULTY = {
    "recall": "name a fact, limit or term that the stem asks for directly",
    "apply": "apply one rule or fact to a scenario",
    "multi-constraint": "a scenario with two or more constraints and an exam qualifier (MOST secure, LEAST overhead); each wrong option fails one constraint",
}

# "(Choose two.)" is the exam's wording; the looser match also catches a prompt that says
# "choose two" in passing, which must then have two answers as well.
_CHOOSE = re.compile(r"\bchoose\s+(two|three|four|2|3|4)\b", re.IGNORECASE)
_CHOOSE_COUNT = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}


def expected_answer_count(prompt: str) -> int:
    """How many choices the prompt asks for: 2 for '(Choose two.)', 3 for three, else 1."""
    match = _CHOOSE.search(prompt)
    return _CHOOSE_COUNT[match.group(1).lower()] if match else 1


def normalised(text: str) -> str:
    """The form used to compare texts: duplicates differing only in case or spacing still count."""
    return " ".join(text.split()).casefold()


class Choice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    why: str = Field(min_length=1, description="why this choice is right or wrong, in the writer's words")


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN)
    task: str = Field(pattern=r"^([1-4]\.[1-4]|none)$", description="DVA-C02 task id, or 'none'")
    difficulty: Literal["recall", "apply", "multi-constraint"] = Field(
        description="the rubric in DIFFICULTY (CONTRIBUTING.md, 'Item rules')"
    )
    prompt: str = Field(min_length=10)
    choices: list[Choice] = Field(min_length=2, max_length=len(LETTERS))
    answer: StrictInt | list[StrictInt] = Field(description="zero-based index, or a list for '(Choose two.)'")
    explanation: str = Field(min_length=10)
    source: str = Field(
        pattern=ID_PATTERN[:-1] + r"(#[A-Za-z0-9_.:-]+)?$", description="registry id, optionally '#anchor'"
    )
    proof: str | None = Field(default=None, pattern=r"^tests/[A-Za-z0-9_/]+\.py::test_[A-Za-z0-9_]+$")
    covers: list[str] = Field(
        default_factory=list, description="exam-guide bullets it tests (docs/_data/exam.yml bullets), e.g. ['2.2-s1']"
    )
    facts: list[str] = Field(
        default_factory=list, description="fact ids (docs/_data/facts.yml) whose value the question states"
    )
    # Filled from the file's `section:`; a question may repeat it, but then it must agree.
    section: str | None = None

    @property
    def answers(self) -> list[int]:
        return sorted(self.answer) if isinstance(self.answer, list) else [self.answer]

    @property
    def multi(self) -> bool:
        return expected_answer_count(self.prompt) > 1

    @property
    def letters(self) -> str:
        return ", ".join(LETTERS[i] for i in self.answers)

    @property
    def source_id(self) -> str:
        return self.source.partition("#")[0]

    @property
    def source_anchor(self) -> str:
        return self.source.partition("#")[2]

    @property
    def proof_file(self) -> str | None:
        return self.proof.partition("::")[0] if self.proof else None

    @property
    def proof_test(self) -> str | None:
        return self.proof.partition("::")[2] if self.proof else None

    @model_validator(mode="after")
    def _consistent(self) -> "Question":
        answers = self.answers
        if isinstance(self.answer, list) and len(set(answers)) != len(answers):
            raise ValueError(f"'answer' lists an index twice: {self.answer}")
        n = len(self.choices)
        for i in answers:
            if not 0 <= i < n:
                raise ValueError(
                    f"answer {i} is out of range: the question has {n} choices, so indices run 0..{n - 1} (zero-based)"
                )
        wanted = expected_answer_count(self.prompt)
        if len(answers) != wanted:
            if wanted > 1:
                raise ValueError(
                    f"the prompt asks to choose {wanted} but 'answer' gives {len(answers)}: list exactly {wanted} indices, e.g. [0, 2]"
                )
            raise ValueError(
                f"'answer' gives {len(answers)} indices but the prompt does not say '(Choose two.)' or '(Choose three.)': "
                "add that to the prompt or give one index"
            )
        seen: dict[str, int] = {}
        for i, c in enumerate(self.choices):
            key = normalised(c.text)
            if key in seen:
                raise ValueError(f"choices {LETTERS[seen[key]]} and {LETTERS[i]} have the same text")
            seen[key] = i
        right_whys = {normalised(self.choices[i].why) for i in answers}
        for i, c in enumerate(self.choices):
            if i in answers:
                continue
            if len(c.why.strip()) < MIN_WHY_CHARS:
                raise ValueError(
                    f"the 'why' of wrong choice {LETTERS[i]} is under {MIN_WHY_CHARS} characters: say specifically why it is wrong"
                )
            if normalised(c.why) in right_whys:
                raise ValueError(
                    f"the 'why' of wrong choice {LETTERS[i]} repeats the right choice's 'why': say why this one is wrong"
                )
        return self


class Bank(BaseModel):
    model_config = ConfigDict(extra="forbid")

    section: str = Field(pattern=ID_PATTERN)
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> "Bank":
        path = (info.context or {}).get("path")
        if path and Path(path).stem != self.section:
            raise ValueError(
                f"the file is named '{Path(path).name}' but says section '{self.section}': name it {self.section}.yml"
            )
        ids: set[str] = set()
        for q in self.questions:
            if q.section not in (None, self.section):
                raise ValueError(f"question '{q.id}' says section '{q.section}' in a '{self.section}' bank")
            q.section = self.section
            if not q.id.startswith(self.section + "-"):
                raise ValueError(f"question '{q.id}': an id starts with its section, e.g. '{self.section}-{q.id}'")
            if q.id in ids:
                raise ValueError(f"question id '{q.id}' is used twice in this file")
            ids.add(q.id)
        return self


def question_lines(path: Path) -> list[int]:
    """The 1-based line of each question in a bank file, for messages a writer can jump to."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return []
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if key.value == "questions" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _labeller(path: Path):
    def label(raw: Any, loc: tuple) -> str:
        if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
            i = loc[1]
            try:
                qid = raw["questions"][i].get("id") or f"#{i + 1}"
            except (KeyError, IndexError, TypeError, AttributeError):
                qid = f"#{i + 1}"
            lines = question_lines(path)
            at = f" (line {lines[i]})" if i < len(lines) else ""
            field = ".".join(map(str, loc[2:]))
            return f"question '{qid}'{at}" + (f", field '{field}'" if field else "")
        return ".".join(map(str, loc)) or "(file)"

    return label


def _where(path: Path, q: Question) -> str:
    """'file:line' of a question."""
    bank = load_bank(path)
    lines = question_lines(path)
    i = next((n for n, other in enumerate(bank.questions) if other.id == q.id), None)
    return f"{rel(path)}:{lines[i]}" if i is not None and i < len(lines) else rel(path)


def load_bank(path: Path) -> Bank:
    return load_model(path, Bank, _labeller(path))


class Banks:
    """Every bank, in the registry's section order, checked against each other and the registry."""

    def __init__(self, banks: dict[str, tuple[Path, Bank]]):
        self._banks = banks

    @property
    def sections(self) -> list[str]:
        return list(self._banks)

    def bank(self, section: str) -> Bank | None:
        entry = self._banks.get(section)
        return entry[1] if entry else None

    def path(self, section: str) -> Path:
        return self._banks[section][0]

    def questions(self, section: str | None = None) -> list[Question]:
        if section is not None:
            bank = self.bank(section)
            return list(bank.questions) if bank else []
        return [q for _, b in self._banks.values() for q in b.questions]

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions()}


def _check_across(banks: dict[str, tuple[Path, Bank]]) -> None:
    registry = load_registry()
    sections = {s.id: s for s in registry.sections}
    task_ids = {t.id for t in load_exam_guide().tasks}
    ids: dict[str, Path] = {}
    prompts: dict[str, tuple[Path, str]] = {}
    for section, (path, bank) in banks.items():
        if section not in sections:
            raise SiteDataError(
                rel(path),
                f"section '{section}' is not in the registry's sections",
                f"use one of: {', '.join(sections)} (docs/_data/resources.yml)",
            )
        out_of_scope = not sections[section].tasks
        for q in bank.questions:
            problem = _problem_across(q, path, section, out_of_scope, sections, task_ids, ids, prompts)
            if problem:
                # The file:line is worked out only for a failing question: it re-reads the file.
                raise SiteDataError(_where(path, q), *problem)
            try:
                registry.get(q.source_id)
            except SiteDataError:
                registry.get(q.source_id, f"{_where(path, q)} (question '{q.id}', field 'source')")
            ids[q.id] = path
            prompts[normalised(q.prompt)] = (path, q.id)


def _problem_across(q, path, section, out_of_scope, sections, task_ids, ids, prompts) -> tuple[str, str] | None:
    """(problem, fix) for the first rule a question breaks against the other banks, the exam
    guide or the tests folder; None when it breaks none."""
    if q.id in ids:
        return (
            f"question id '{q.id}' is used twice: also in {rel(ids[q.id])}",
            "give this question a new id (ids are unique across all banks)",
        )
    key = normalised(q.prompt)
    if key in prompts:
        other_path, other_id = prompts[key]
        return (
            f"question '{q.id}' has the same prompt as '{other_id}' in {rel(other_path)}",
            "drop one, or rewrite it as a different scenario",
        )
    if q.task == NO_TASK and not out_of_scope:
        return (
            f"question '{q.id}' has task 'none' but section '{section}' is in DVA-C02 tasks {sections[section].tasks}",
            "name the DVA-C02 task it tests (docs/_data/exam.yml)",
        )
    if q.task != NO_TASK and out_of_scope:
        return (
            f"question '{q.id}' has task '{q.task}' but section '{section}' is outside every DVA-C02 task",
            'use task: "none"',
        )
    if q.task != NO_TASK and q.task not in task_ids:
        return (
            f"question '{q.id}' names unknown DVA-C02 task '{q.task}'",
            f"use one of {', '.join(sorted(task_ids))} (docs/_data/exam.yml)",
        )
    known_bullets = load_exam_guide().bullet_ids()
    for bullet in q.covers:
        if bullet not in known_bullets:
            return (
                f"question '{q.id}' covers unknown exam-guide bullet '{bullet}'",
                "use a bullet id from docs/_data/exam.yml (bullets:), e.g. 2.2-s1",
            )
        if q.task != NO_TASK and not bullet.startswith(q.task + "-"):
            return (
                f"question '{q.id}' has task {q.task} but covers bullet '{bullet}' of another task",
                "cover bullets of the question's own task",
            )
    problem = _fact_problem(q)
    if problem:
        return problem
    if q.proof:
        if not (ROOT / q.proof_file).is_file():
            return (
                f"question '{q.id}': proof file '{q.proof_file}' does not exist",
                "point 'proof' at an existing test, e.g. tests/test_proofs.py::test_name, or set it to null",
            )
        if proof_line(q) is None:
            return (
                f"question '{q.id}': '{q.proof_file}' has no 'def {q.proof_test}('",
                "fix the test name in 'proof', or write that test",
            )
    return None


def question_text(q: Question) -> str:
    """Everything a reader sees of a question: prompt, choices, their whys and the explanation."""
    return " ".join([q.prompt, *(part for c in q.choices for part in (c.text, c.why)), q.explanation])


def _fact_problem(q: Question) -> tuple[str, str] | None:
    """A question's `facts:` must name facts whose value its text states (as fact('id', 'number')
    prints it: 4,096; the digits without separators are accepted too)."""
    if not q.facts:
        return None
    from .facts import load_facts  # facts.py reads the registry only; imported late to keep this module light

    facts = load_facts()
    text = " ".join(question_text(q).split())
    for fid in dict.fromkeys(q.facts):
        try:
            fact = facts.get(fid)
        except SiteDataError as exc:
            return (
                f"question '{q.id}' lists {exc.problem} in 'facts'",
                "use an id from docs/_data/facts.yml (facts:), or drop it",
            )
        forms = {fact.text("number"), fact.text("number").replace(",", "")}
        if isinstance(fact.value, list):
            # A list (an enum's values): the question states the ones it turns on.
            forms = set(fact.value)
        if not any(form and form in text for form in forms):
            return (
                f"question '{q.id}' lists fact '{fid}' but its text never states the value '{fact.text('number')}'",
                "list only facts whose value the prompt, a choice, a why or the explanation states, or drop it from 'facts'",
            )
    return None


def proof_line(q: Question) -> int | None:
    """The line of the proof's `def`, so a badge can link straight to it."""
    path = ROOT / q.proof_file
    stat = path.stat()
    return _test_lines(str(path), stat.st_mtime_ns, stat.st_size).get(q.proof_test or "")


_TEST_DEF = re.compile(r"^\s*(?:async\s+)?def (\w+)\(")


@lru_cache(maxsize=8)
def _test_lines(path: str, _mtime: int, _size: int) -> dict[str, int]:
    """{test function name: line of its def} of a test file, read once per change."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    found = {}
    for n, line in enumerate(lines, start=1):
        match = _TEST_DEF.match(line)
        if match:
            found.setdefault(match.group(1), n)
    return found


_cache: dict[tuple, Banks] = {}


def _signature(directory: Path) -> tuple:
    files = sorted(directory.glob("*.yml")) if directory.is_dir() else []
    # The tests folder too: a proof's test can be renamed or moved under a running `mkdocs serve`.
    watched = [*files, DATA_DIR / "resources.yml", DATA_DIR / "exam.yml", *sorted((ROOT / "tests").glob("**/*.py"))]
    stats = []
    for f in watched:
        st = f.stat() if f.exists() else None
        stats.append((str(f), st.st_mtime_ns if st else 0, st.st_size if st else 0))
    return (str(directory), tuple(stats))


def load_banks(directory: Path | None = None, items: bool = True) -> Banks:
    """Every bank under docs/_data/questions, validated once per change of any bank or of the
    registry. Raises SiteDataError naming the file, line and question id."""
    directory = directory or QUESTIONS_DIR
    key = (_signature(directory), items)
    if key in _cache:
        return _cache[key]
    found: dict[str, tuple[Path, Bank]] = {}
    for path in sorted(directory.glob("*.yml")) if directory.is_dir() else []:
        bank = load_bank(path)
        found[bank.section] = (path, bank)
    for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else []:
        raise SiteDataError(rel(path), "bank files end in .yml", f"rename it to {path.stem}.yml")
    _check_across(found)
    order = [s.id for s in load_registry().sections]
    banks = Banks({s: found[s] for s in order if s in found})
    # The item-writing checks (answer cues, naive strategies, near-duplicates) stop the build too.
    from . import item_checks

    report = item_checks.check_cached(banks, [path for path, _ in found.values()] + [DATA_DIR / "resources.yml"])
    if items:
        item_checks.raise_for(report, banks)
    logging.getLogger("mkdocs.plugins.macros.item_checks").info(
        "item checks passed; naive strategies over single-answer questions:\n%s", report.summary()
    )
    _cache.clear()
    _cache[key] = banks
    return banks


def counts() -> str:
    """Questions per section and per DVA-C02 task, as plain text:
    .venv/bin/python -c "from macros.quiz_bank import counts; print(counts())"
    """
    banks = load_banks()
    lines = ["Questions per section:"]
    for s in load_registry().sections:
        qs = banks.questions(s.id)
        multi = sum(q.multi for q in qs)
        proofs = sum(q.proof is not None for q in qs)
        lines.append(f"  {s.id:<24} {len(qs):>4}   (multi-answer {multi}, with proof {proofs})")
    all_qs = banks.questions()
    lines.append(f"  {'all':<24} {len(all_qs):>4}")
    lines.append("Questions per DVA-C02 task:")
    for task in sorted({q.task for q in all_qs}, key=lambda t: (t == NO_TASK, t)):
        lines.append(f"  {task:<24} {sum(q.task == task for q in all_qs):>4}")
    singles = [q.answers[0] for q in all_qs if len(q.answers) == 1]
    if singles:
        spread = ", ".join(f"{LETTERS[p]} {singles.count(p) / len(singles):.0%}" for p in sorted(set(singles)))
        lines.append(f"Right-answer position (single-answer questions): {spread}")
    return "\n".join(lines)

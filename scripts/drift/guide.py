"""What the guide names and cites, with file and line: the map from an AWS change to the pages,
questions and facts it touches.

Names are API identifiers (operations, shapes, members, enum values) as they appear in pages
(docs/**/*.md), examples (docs/_examples/*.py), question banks (docs/_data/questions/*.yml) and
the facts file. A *strong* name (CamelCase with two humps, or with an underscore or a digit:
`GenerateDataKey`, `CUSTOMER_MANAGED_KEY`, `RSA_2048`) counts wherever it is written. A *weak*
name, one capitalised word (`Encrypt`, `Plaintext`, `ENABLED`), counts in code (backticks, a
fenced block, an example, `kms:Encrypt`); in prose only an operation's name counts, and only on
the pages and banks of the sections that teach its service: "Encrypt" on a KMS page is the API,
elsewhere it is a verb, and "Certificate" is a word. An all-lowercase word (`key`, `type`)
counts only as a boto3 call (`.encrypt(`).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.registry import Registry, load_registry  # noqa: E402

DOCS = ROOT / "docs"
FACTS_PATH = DOCS / "_data" / "facts.yml"
QUESTIONS_DIR = DOCS / "_data" / "questions"
EXAMPLES_DIR = DOCS / "_examples"

# The botocore services the guide covers, and the registry sections that teach each one (a weak
# name of the service counts in the prose of these sections only).
SERVICES: dict[str, tuple[str, ...]] = {
    "kms": ("kms", "kms-access-control", "kms-encryption-at-rest"),
    "cognito-idp": ("cognito", "cognito-security", "cognito-tokens"),
    "cognito-identity": ("cognito", "cognito-security", "cognito-tokens"),
    "cognito-sync": ("cognito-sync",),
    "sts": ("security-review", "cognito-security"),
    "iam": ("security-review", "kms-access-control"),
    "s3": ("kms-encryption-at-rest", "security-review"),
    "secretsmanager": ("security-review", "kms-encryption-at-rest"),
    "ssm": ("security-review", "kms-encryption-at-rest"),
    "acm": ("security-review",),
    "dynamodb": ("kms-encryption-at-rest",),
    "ec2": ("kms-encryption-at-rest",),  # EBS encryption
    "elbv2": ("security-review",),
    "apigateway": ("security-review", "cognito"),
    "wafv2": ("security-review", "cognito-security"),
}
# Services the guide teaches in full: any new operation of theirs is reported.
TAUGHT = ("kms", "cognito-idp", "cognito-identity", "cognito-sync")

TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
IAM_ACTION = re.compile(r"\b[a-z0-9-]+:([A-Za-z][A-Za-z0-9]*)")
CALL = re.compile(r"\.([a-z][a-z0-9_]*)\(")
INLINE_CODE = re.compile(r"`([^`]+)`")
FENCE = re.compile(r"^\s*(```|~~~)")
STRONG = re.compile(r"^(?:[A-Z][a-z0-9]+[A-Z].*|[a-z]+[A-Z].*|[A-Za-z0-9]+_.*[A-Za-z0-9]|[A-Za-z]{2,}\d.{1,})$")
CITE_CALL = re.compile(r"\b(cite|then_and_now|resources_box)\s*\(([^)]*)\)")
QUOTED = re.compile(r"""["']([a-z0-9]+(?:-[a-z0-9]+)*)["']""")
SOURCE_KW = re.compile(r"""\bsource\s*=\s*["']([a-z0-9-]+)["']""")
YAML_SOURCE = re.compile(r"^\s*(?:-\s+)?sources?:\s*\[?\s*([a-z0-9, -]+?)\s*\]?\s*$")
CLIENT = re.compile(r"""\bclient\(\s*["']([a-z0-9-]+)["']""")
QUESTION_ID = re.compile(r"^\s*-\s+id:\s*([a-z0-9-]+)\s*$")


def is_strong(name: str) -> bool:
    return bool(STRONG.match(name))


def rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Where:
    """One place in the guide: a file, a line, and the question there if it is a bank."""

    path: str
    line: int
    kind: str  # page | example | question | fact
    question: str | None = None
    fact: str | None = None
    name: str | None = None  # the identifier found there

    def key(self) -> tuple:
        return (self.path, self.line)


@dataclass
class Occurrence:
    where: Where
    code: bool  # in backticks, a fenced block, an example, or an IAM action
    call: bool = False  # `.name(` in code: a boto3 call
    section: str | None = None  # the registry section of the page or bank
    services: frozenset[str] = frozenset()  # for an example: the boto3 clients it creates


def front_matter(path: Path) -> tuple[dict[str, Any], int]:
    """A page's YAML front matter and the number of lines it spans (0 when it has none)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            data = yaml.safe_load("\n".join(lines[1:i])) or {}
            return (data if isinstance(data, dict) else {}), i + 1
    return {}, 0


class Guide:
    """An index of the guide under `root` (the repository, or a test's copy of it)."""

    def __init__(self, root: Path = ROOT, facts_path: Path | None = None):
        self.root = root
        self.docs = root / "docs"
        self.facts_path = facts_path or self.docs / "_data" / "facts.yml"
        self.tokens: dict[str, list[Occurrence]] = {}
        self.cites: dict[str, list[Where]] = {}
        self._index()

    # ---- files ---------------------------------------------------------------------------
    @cached_property
    def registry(self) -> Registry:
        return load_registry(self.docs / "_data" / "resources.yml")

    @cached_property
    def section_of_page(self) -> dict[str, str]:
        return {f"docs/{s.page}": s.id for s in self.registry.sections}

    def pages(self) -> list[Path]:
        return sorted(
            p
            for p in self.docs.rglob("*.md")
            if not any(part.startswith("_") for part in p.relative_to(self.docs).parts)
        )

    def examples(self) -> list[Path]:
        return sorted((self.docs / "_examples").glob("*.py"))

    def banks(self) -> list[Path]:
        return sorted((self.docs / "_data" / "questions").glob("*.yml"))

    def rel(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)

    @cached_property
    def facts(self) -> list[dict[str, Any]] | None:
        """The facts file's rows (None when the file does not exist), each with its `line`."""
        if not self.facts_path.exists():
            return None
        text = self.facts_path.read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
        rows = data.get("facts", []) if isinstance(data, dict) else []
        lines = text.splitlines()
        for row in rows:
            rid = str(row.get("id", ""))
            row["line"] = next(
                (
                    i
                    for i, ln in enumerate(lines, 1)
                    if re.match(rf"^\s*-?\s*id:\s*['\"]?{re.escape(rid)}['\"]?\s*$", ln)
                ),
                1,
            )
        return rows

    # ---- the index -----------------------------------------------------------------------
    def _add(self, token: str, occ: Occurrence) -> None:
        self.tokens.setdefault(token, []).append(occ)

    def _scan_line(
        self,
        text: str,
        where: Where,
        section: str | None,
        all_code: bool,
        in_fence: bool,
        services: frozenset[str] = frozenset(),
    ) -> None:
        code_spans = [m.span() for m in INLINE_CODE.finditer(text)]
        actions = {m.start(1) for m in IAM_ACTION.finditer(text)}
        calls = {m.start(1) for m in CALL.finditer(text)}
        for m in TOKEN.finditer(text):
            code = all_code or in_fence or m.start() in actions or any(a <= m.start() < b for a, b in code_spans)
            self._add(
                m.group(),
                Occurrence(where, code, call=(code and m.start() in calls), section=section, services=services),
            )

    def _cite(self, rid: str, where: Where) -> None:
        self.cites.setdefault(rid, []).append(where)

    @cached_property
    def note_sources(self) -> dict[str, str]:
        """then-and-now note id -> the registry id that settles it."""
        path = self.docs / "_data" / "then-and-now.yml"
        if not path.exists():
            return {}
        return {n["id"]: n["source"] for n in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("notes", [])}

    def _index(self) -> None:
        for page in self.pages():
            path = self.rel(page)
            section = self.section_of_page.get(path)
            in_fence = False
            for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
                if FENCE.match(line):
                    in_fence = not in_fence
                    continue
                where = Where(path, n, "page")
                self._scan_line(line, where, section, False, in_fence)
                for m in CITE_CALL.finditer(line):
                    if m.group(1) == "then_and_now":
                        # A note is cited by id; its source lives in docs/_data/then-and-now.yml.
                        ids = SOURCE_KW.findall(m.group(2)) or [
                            self.note_sources.get(n) for n in QUOTED.findall(m.group(2)) if self.note_sources.get(n)
                        ]
                    else:
                        ids = QUOTED.findall(m.group(2))
                    for rid in ids:
                        self._cite(rid, where)
            # The Resources box of a section page lists the section's table-of-contents rows.
            if section:
                box = next((n for n, ln in enumerate(page.read_text().splitlines(), 1) if "resources_box(" in ln), 1)
                for r in self.registry.resources:
                    if r.toc and r.section == section:
                        self._cite(r.id, Where(path, box, "page"))
        for ex in self.examples():
            path = self.rel(ex)
            text = ex.read_text(encoding="utf-8")
            clients = frozenset(CLIENT.findall(text))
            for n, line in enumerate(text.splitlines(), 1):
                self._scan_line(line, Where(path, n, "example"), None, True, False, clients)
        for bank in self.banks():
            path = self.rel(bank)
            lines = bank.read_text(encoding="utf-8").splitlines()
            section = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("section:")), None)
            qid = None
            for n, line in enumerate(lines, 1):
                if m := QUESTION_ID.match(line):
                    qid = m.group(1)
                if line.lstrip().startswith("#"):
                    continue
                where = Where(path, n, "question", question=qid)
                self._scan_line(line, where, section, False, False)
                if m := YAML_SOURCE.match(line):
                    for rid in re.split(r"[,\s]+", m.group(1)):
                        if rid:
                            self._cite(rid, where)
        for row in self.facts or []:
            where = Where(self.rel(self.facts_path), row["line"], "fact", fact=str(row.get("id")))
            if row.get("source"):
                self._cite(str(row["source"]), where)
            ref = row.get("model") or {}
            for key in ("shape", "member", "enum_value"):
                if ref.get(key):
                    self._add(str(ref[key]), Occurrence(where, True))

    # ---- look-ups ------------------------------------------------------------------------
    def find(
        self, name: str, service: str, snake: bool = False, shared: bool = False, operation: bool = False
    ) -> list[Where]:
        """Where the guide names `name` (an identifier of `service`). `snake`: a boto3 method
        name (`create_user_pool`), which counts in code, and one-word ones only as a call.
        `shared`: other covered services use the same name (`PolicyName` is KMS's and Secrets
        Manager's): then it counts only on the service's own pages and in examples that create
        its client. `operation`: the name is an operation's (a weak one counts in its prose)."""
        if not snake and name.islower() and not is_strong(name):
            return []
        sections = set(SERVICES.get(service, ()))
        out = []
        for occ in self.tokens.get(name, []):
            in_scope = occ.section in sections or service in occ.services or occ.where.kind == "fact"
            if snake:
                ok = occ.code and ("_" in name or occ.call)
            else:
                ok = is_strong(name) or occ.code or (operation and occ.section in sections)
            if occ.where.kind == "example" and occ.services and service not in occ.services:
                ok = False  # an example only speaks of the clients it creates
            if shared and not in_scope:
                ok = False
            if ok:
                w = occ.where
                out.append(Where(w.path, w.line, w.kind, w.question, w.fact, name))
        return out

    def section_pages(self, service: str) -> list[Where]:
        """The pages of the sections that teach `service` (for a new operation nobody names yet)."""
        pages = {s.id: f"docs/{s.page}" for s in self.registry.sections}
        return [Where(pages[s], 1, "page") for s in SERVICES.get(service, ()) if s in pages]

    def fact_uses(self, fact_id: str) -> list[Where]:
        """Pages that render a fact: any macro call on a page with the fact id as an argument."""
        pat = re.compile(r"\{\{[^}]*[\"']" + re.escape(fact_id) + r"[\"'][^}]*\}\}")
        out = []
        for page in self.pages():
            for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
                if pat.search(line):
                    out.append(Where(self.rel(page), n, "page", fact=fact_id))
        return out

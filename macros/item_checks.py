"""Item-writing checks: the cues that let a reader pass a question without knowing the answer.

An exam item leaks its key when the right option is the longest, carries its own reason
("..., because ..."), shares the stem's words, or is repeated as another question's option.
These checks measure each cue on the banks and fail the build (and the tests) with the bank
file, line and question id. The thresholds are written once, here.

    .venv/bin/python -m macros.item_checks            # report every bank
    .venv/bin/python -m macros.item_checks kms        # one bank
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import asdict, dataclass
from itertools import combinations
from pathlib import Path
from typing import Iterable

from .data import ROOT
from .errors import SiteDataError
from .quiz_bank import LETTERS, Question

# The right option may be at most this much longer than the longest wrong one (in characters).
MAX_KEY_LENGTH_RATIO = 1.3
# A naive strategy ("pick the longest", "pick the option sharing most words with the stem")
# may score at most this share of single-answer questions, per bank and overall. Chance is 25%.
MAX_NAIVE_STRATEGY_SCORE = 0.35
# Multiple-response items on the exam offer five or more options.
MIN_MULTI_CHOICES = 5
# Near-duplicate items, by token-set (Jaccard) similarity of content words. Two stems this close
# are the same question reworded; two stems sharing a topic (a quarter of their words) whose keys
# also say the same thing (a third of theirs) test one fact twice. Calibrated on the banks at
# d7b254d: the three pairs an item reviewer called duplicates score (0.25, 0.43), (0.48, 0.44)
# and (0.38, 0.34); distinct scenarios with one shared answer stay under 0.25 for the stems.
NEAR_DUPLICATE_STEMS = 0.5
RELATED_STEMS = 0.25
SAME_KEY = 0.33
# An option this close (Jaccard of content words) to another question's key cues that key.
CROSS_CUE = 0.8
# A reason belongs in `why`, never in the option a reader chooses from.
EXPLANATION_CLAUSE = re.compile(r"\b(because|so that|which means|in order to|since it|as it)\b", re.IGNORECASE)

_WORD = re.compile(r"[a-z0-9][a-z0-9_:-]*")
# Words every stem and option share; they say nothing about the topic.
STOPWORDS = frozenset(
    """a an and are as at be by can do does for from has have how in into is it its of on or
    that the their them then there these this those to was which with what when where who why
    will would should must may use uses used using they you your we our not no one two three
    developer application app company team needs need wants want meet meets requirement requirements
    most least best""".split()
)


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if w not in STOPWORDS and len(w) > 2}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass(frozen=True)
class Finding:
    question: str
    problem: str
    fix: str


def key_length_ratio(q: Question) -> float:
    """Longest right option / longest wrong option, in characters."""
    wrong = [len(" ".join(c.text.split())) for i, c in enumerate(q.choices) if i not in q.answers]
    right = [len(" ".join(q.choices[i].text.split())) for i in q.answers]
    return max(right) / max(wrong) if wrong else 0.0


def question_findings(q: Question) -> list[Finding]:
    found = []
    ratio = key_length_ratio(q)
    if ratio > MAX_KEY_LENGTH_RATIO:
        found.append(
            Finding(
                q.id,
                f"the right option is {ratio:.2f}x as long as the longest wrong one (at most {MAX_KEY_LENGTH_RATIO})",
                "shorten the key or give a wrong option the same detail (CONTRIBUTING.md, 'Item rules')",
            )
        )
    for i, c in enumerate(q.choices):
        match = EXPLANATION_CLAUSE.search(c.text)
        if match:
            found.append(
                Finding(
                    q.id,
                    f"option {LETTERS[i]} explains itself ('{match.group(0)}')",
                    "move the reason into that choice's 'why'",
                )
            )
    if q.multi and len(q.choices) < MIN_MULTI_CHOICES:
        found.append(
            Finding(
                q.id,
                f"a multiple-response question with {len(q.choices)} options (the exam gives at least {MIN_MULTI_CHOICES})",
                f"add plausible options until there are at least {MIN_MULTI_CHOICES}",
            )
        )
    return found


def _tie_credit(scores: list[float], answers: list[int]) -> float:
    """A strategy that picks the best-scoring option, breaking ties at random: its expected credit."""
    best = max(scores)
    tied = [i for i, s in enumerate(scores) if s == best]
    return sum(1 for i in tied if i in answers) / len(tied)


def longest_option_score(questions: Iterable[Question]) -> float:
    singles = [q for q in questions if not q.multi]
    if not singles:
        return 0.0
    total = sum(_tie_credit([len(" ".join(c.text.split())) for c in q.choices], q.answers) for q in singles)
    return total / len(singles)


def shortest_option_score(questions: Iterable[Question]) -> float:
    """The reverse cue: writers who shorten keys to beat the length check can make the key the
    shortest option instead."""
    singles = [q for q in questions if not q.multi]
    if not singles:
        return 0.0
    total = sum(_tie_credit([-len(" ".join(c.text.split())) for c in q.choices], q.answers) for q in singles)
    return total / len(singles)


def stem_overlap_score(questions: Iterable[Question]) -> float:
    singles = [q for q in questions if not q.multi]
    if not singles:
        return 0.0
    total = 0.0
    for q in singles:
        stem = content_words(q.prompt)
        total += _tie_credit([len(stem & content_words(c.text)) for c in q.choices], q.answers)
    return total / len(singles)


def lone_echoes(q: Question) -> list[set[str]]:
    """Per option, the stem's content words that this option and no other repeats. A key that
    alone echoes a distinctive stem term ("invalid audience" -> "audience") is a giveaway even
    when the options share few words overall."""
    stem = content_words(q.prompt)
    shared = [content_words(c.text) & stem for c in q.choices]
    return [words - set().union(*(other for j, other in enumerate(shared) if j != i)) for i, words in enumerate(shared)]


def lone_echo_score(questions: Iterable[Question]) -> float:
    """ "Pick the option that alone repeats the most stem words": chance (25%) when no option
    echoes the stem on its own."""
    singles = [q for q in questions if not q.multi]
    if not singles:
        return 0.0
    return sum(_tie_credit([len(e) for e in lone_echoes(q)], q.answers) for q in singles) / len(singles)


def key_words(q: Question) -> set[str]:
    return content_words(" ".join(q.choices[i].text for i in q.answers))


def near_duplicate_stems(questions: list[Question]) -> list[tuple[Question, Question, str]]:
    stems = {q.id: content_words(q.prompt) for q in questions}
    keys = {q.id: key_words(q) for q in questions}
    pairs = []
    for a, b in combinations(questions, 2):
        stem = jaccard(stems[a.id], stems[b.id])
        key = jaccard(keys[a.id], keys[b.id])
        if stem > NEAR_DUPLICATE_STEMS:
            pairs.append((a, b, f"stem similarity {stem:.2f} > {NEAR_DUPLICATE_STEMS}"))
        elif stem >= RELATED_STEMS and key >= SAME_KEY:
            pairs.append(
                (a, b, f"stem similarity {stem:.2f} >= {RELATED_STEMS} and key similarity {key:.2f} >= {SAME_KEY}")
            )
    return pairs


def cross_cues(questions: list[Question]) -> list[tuple[Question, int, Question]]:
    """(question, option index, other question) where that option restates the other's key."""
    keys = {q.id: [content_words(q.choices[i].text) for i in q.answers] for q in questions}
    found = []
    for q in questions:
        for other in questions:
            if other.id == q.id:
                continue
            for i, c in enumerate(q.choices):
                option = content_words(c.text)
                if len(option) >= 3 and any(jaccard(option, key) >= CROSS_CUE for key in keys[other.id]):
                    found.append((q, i, other))
    return found


@dataclass
class Report:
    """Every finding, and the naive strategies' scores per bank and overall."""

    findings: list[tuple[str, Finding]]  # (section, finding)
    longest: dict[str, float]
    overlap: dict[str, float]
    shortest: dict[str, float]
    echo: dict[str, float]

    @property
    def ok(self) -> bool:
        return not self.findings

    def summary(self) -> str:
        rows = [f"{'bank':<26}{'longest':>9}{'shortest':>9}{'overlap':>9}{'echo':>9}"]
        for section in self.longest:
            rows.append(
                f"{section:<26}{self.longest[section]:>9.0%}{self.shortest[section]:>9.0%}"
                f"{self.overlap[section]:>9.0%}{self.echo[section]:>9.0%}"
            )
        return "\n".join(rows)


def check(banks) -> Report:
    """Run every item check over `banks` (macros.quiz_bank.Banks)."""
    findings: list[tuple[str, Finding]] = []
    longest: dict[str, float] = {}
    overlap: dict[str, float] = {}
    shortest: dict[str, float] = {}
    echo: dict[str, float] = {}
    for section in banks.sections:
        qs = banks.questions(section)
        for q in qs:
            findings += [(section, f) for f in question_findings(q)]
        for q, i, other in cross_cues(qs):
            findings.append(
                (
                    section,
                    Finding(
                        q.id,
                        f"option {LETTERS[i]} restates the key of '{other.id}' on the same sheet",
                        "reword one of the two so neither answers the other",
                    ),
                )
            )
        longest[section] = longest_option_score(qs)
        shortest[section] = shortest_option_score(qs)
        overlap[section] = stem_overlap_score(qs)
        echo[section] = lone_echo_score(qs)
    everything = banks.questions()
    longest["all"] = longest_option_score(everything)
    shortest["all"] = shortest_option_score(everything)
    overlap["all"] = stem_overlap_score(everything)
    echo["all"] = lone_echo_score(everything)
    for a, b, why in near_duplicate_stems(everything):
        findings.append(
            (
                b.section,
                Finding(
                    b.id,
                    f"it is a near-duplicate of '{a.id}' ({why})",
                    "merge the two, or make them different scenarios",
                ),
            )
        )
    for name, scores in (
        ("always pick the longest option", longest),
        ("always pick the shortest option", shortest),
        ("pick the option sharing most words with the stem", overlap),
        ("pick the option that alone repeats stem words", echo),
    ):
        for section, score in scores.items():
            if score > MAX_NAIVE_STRATEGY_SCORE:
                findings.append(
                    (
                        section,
                        Finding(
                            f"(bank {section})",
                            f"'{name}' scores {score:.0%} (at most {MAX_NAIVE_STRATEGY_SCORE:.0%})",
                            "even out option lengths and wording across the bank",
                        ),
                    )
                )
    return Report(findings, longest, overlap, shortest, echo)


# Checked reports, by the content of the banks and of the code that checks them: the pairwise
# comparisons (near-duplicates, cross-cues) are a fifth of what the macros cost a warm build.
CACHE_DIR = ROOT / ".cache" / "item-checks"


def check_cached(banks, inputs: Iterable[Path]) -> Report:
    """check(banks), remembered in CACHE_DIR under a hash of `inputs` (the bank files and the
    registry that orders them) and of this module and the bank loader."""
    from . import quiz_bank

    digest = hashlib.sha256()
    for path in [*sorted(inputs), Path(__file__), Path(quiz_bank.__file__)]:
        digest.update(str(path.name).encode() + b"\0" + path.read_bytes() + b"\0")
    cached = CACHE_DIR / f"{digest.hexdigest()[:40]}.json"
    try:
        data = json.loads(cached.read_text(encoding="utf-8"))
        findings = [(section, Finding(**finding)) for section, finding in data.pop("findings")]
        return Report(findings, **data)
    except (OSError, ValueError, TypeError, KeyError):
        pass  # not cached yet, or unreadable: check again
    report = check(banks)
    data = {k: v for k, v in asdict(report).items() if k != "findings"}
    data["findings"] = [[section, asdict(finding)] for section, finding in report.findings]
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".part")
    partial.write_text(json.dumps(data), encoding="utf-8")
    partial.replace(cached)
    return report


def raise_for(report: Report, banks) -> None:
    """Stop the build on the first finding, with the bank file and line."""
    from .quiz_bank import _where  # the file:line of a question

    if report.ok:
        return
    section, first = report.findings[0]
    q = banks.by_id.get(first.question)
    where = (
        _where(banks.path(section), q)
        if q
        else str(banks.path(section))
        if section in banks.sections
        else "docs/_data/questions"
    )
    more = f" (and {len(report.findings) - 1} more: python -m macros.item_checks)" if len(report.findings) > 1 else ""
    raise SiteDataError(where, f"question '{first.question}': {first.problem}{more}", first.fix)


def main(argv: list[str]) -> int:
    from .quiz_bank import load_banks

    banks = load_banks(items=False)  # report every finding instead of stopping at the first
    report = check(banks)
    wanted = set(argv)
    for section, f in report.findings:
        if wanted and section not in wanted:
            continue
        print(f"{section}: {f.question}: {f.problem}\n    fix: {f.fix}")
    # Not a finding (a shared technical term can be fair), but worth a second look when writing.
    for q in banks.questions():
        if q.multi or (wanted and q.section not in wanted):
            continue
        echoes = lone_echoes(q)
        if _tie_credit([len(e) for e in echoes], q.answers) == 1 and echoes[q.answers[0]]:
            print(f"{q.section}: {q.id}: only the key repeats {', '.join(sorted(echoes[q.answers[0]]))} (look again)")
    print(report.summary())
    print(f"{len(report.findings)} finding(s)")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

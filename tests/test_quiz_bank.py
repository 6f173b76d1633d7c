"""The question banks: every rule a question must meet, the bank-wide balance, the code
proofs actually passing, and bad banks stopping the loader and the build with a message that
names the file and the question."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from macros.data import read_yaml
from macros.errors import SiteDataError
from macros.quiz_bank import LETTERS, MIN_WHY_CHARS, Question, expected_answer_count, load_banks
from macros.registry import load_registry
from tests.support import ROOT, minimal_project, mkdocs_build

FIXTURES = ROOT / "tests" / "fixtures" / "questions"
MIN_PER_SECTION = 10
MIN_TOTAL = 120
MAX_SHARE_OF_ONE_POSITION = 0.40
# The 99.9th percentile of the chi-square distribution by degrees of freedom (standard tables).
CHI2_CRITICAL_0_001 = {1: 10.83, 2: 13.82, 3: 16.27, 4: 18.47, 5: 20.52}


@pytest.fixture(scope="module")
def banks():
    return load_banks()


@pytest.fixture(scope="module")
def questions(banks) -> list[Question]:
    return banks.questions()


# --- every question --------------------------------------------------------------------------


def test_banks_load_and_validate(banks):
    # load_banks raises SiteDataError on any schema or cross-bank problem.
    assert set(banks.sections) <= {s.id for s in load_registry().sections}


# The rules a single question breaks are enforced when a bank loads (macros/quiz_bank.py): each is
# shown here failing on bad data, with the message a writer sees.
GOOD_QUESTION = {
    "id": "kms-x",
    "task": "2.2",
    "difficulty": "apply",
    "prompt": "A team must encrypt 50 MB files with KMS. Which call should it make first?",
    "choices": [
        {"text": "GenerateDataKey", "why": "Envelope encryption starts with a data key."},
        {"text": "Encrypt", "why": "Encrypt takes at most 4 KB of plaintext, far less than 50 MB."},
        {"text": "ReEncrypt", "why": "ReEncrypt changes the key of a ciphertext; it encrypts nothing new."},
    ],
    "answer": 0,
    "explanation": "Large data is encrypted locally with a data key.",
    "source": "kms-api-encrypt",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"answer": 3}, "out of range"),
        ({"answer": [0, 1]}, "does not say '(Choose two.)'"),
        ({"prompt": GOOD_QUESTION["prompt"] + " (Choose two.)"}, "asks to choose 2 but 'answer' gives 1"),
        ({"answer": [0, 0], "prompt": GOOD_QUESTION["prompt"] + " (Choose two.)"}, "lists an index twice"),
        (
            {
                "choices": [
                    GOOD_QUESTION["choices"][0],
                    {"text": " generatedatakey ", "why": "The same option again, in other case."},
                ]
            },
            "have the same text",
        ),
        (
            {"choices": [GOOD_QUESTION["choices"][0], {"text": "Encrypt", "why": "Too short."}]},
            f"under {MIN_WHY_CHARS} characters",
        ),
        (
            {
                "choices": [
                    GOOD_QUESTION["choices"][0],
                    {"text": "Encrypt", "why": "Envelope encryption starts with a data key."},
                ]
            },
            "repeats the right choice's 'why'",
        ),
        ({"difficulty": "hard"}, "recall"),
        ({"task": "9.9"}, "task"),
    ],
)
def test_a_question_breaking_a_rule_is_refused_with_its_reason(change, message):
    Question.model_validate(GOOD_QUESTION)  # the baseline is valid
    with pytest.raises(ValidationError) as err:
        Question.model_validate({**GOOD_QUESTION, **change})
    assert message in str(err.value), str(err.value)


def proof_ids(questions) -> list[str]:
    return sorted({q.proof for q in questions if q.proof})


def test_every_proof_names_an_existing_test(questions):
    for q in questions:
        if q.proof:
            path = ROOT / q.proof_file
            assert path.is_file(), f"{q.id}: {q.proof_file} is missing"
            assert re.search(rf"^\s*def {re.escape(q.proof_test)}\(", path.read_text(encoding="utf-8"), re.M), (
                f"{q.id}: {q.proof}"
            )


def run_proofs(ids: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=", "-rs", "-q", *ids],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def assert_all_passed(result: subprocess.CompletedProcess, ids: list[str]) -> None:
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.search(rf"\b{len(ids)} passed\b", summary), summary
    # A skipped proof proves nothing.
    assert not re.search(r"skipped|deselected|xfail", summary), summary


@pytest.mark.after_others
@pytest.mark.emulator
@pytest.mark.xdist_group("proofs")  # on the worker that ran the proofs (tests/test_proofs.py)
def test_proofs_pass(questions, test_outcomes):
    """Every proof a question names passed: in this session when the suite ran it (no second run),
    else in a run of its own (a subset of the suite was selected)."""
    ids = proof_ids(questions)
    assert ids, "no question names a proof: this test would run nothing"
    # A proof inside this file would run this test again, and again.
    assert not [i for i in ids if i.startswith("tests/test_quiz_")], ids
    not_passed = {i: test_outcomes[i] for i in ids if i in test_outcomes and test_outcomes[i] != "passed"}
    assert not not_passed, f"proofs that did not pass in this run: {not_passed}"
    not_run = [i for i in ids if i not in test_outcomes]
    if not_run:
        assert_all_passed(run_proofs(not_run), not_run)


def test_at_least_twenty_answers_are_proven_by_code(questions):
    proven = [q.id for q in questions if q.proof]
    assert len(proven) >= 20, f"only {len(proven)} questions carry a proof: link one to a test in tests/test_proofs.py"


def test_the_fixture_proof_runs_through_the_same_runner():
    # Shows run_proofs really runs a proof (the real bank may have none yet).
    ids = proof_ids(load_banks(FIXTURES).questions())
    assert ids
    assert_all_passed(run_proofs(ids), ids)


# --- the bank as a whole ---------------------------------------------------------------------


def test_every_section_has_a_full_sheet(banks):
    counts = {s.id: len(banks.questions(s.id)) for s in load_registry().sections}
    short = {s: n for s, n in counts.items() if n < MIN_PER_SECTION}
    assert not short, f"sections under {MIN_PER_SECTION} questions: {short}"
    assert sum(counts.values()) >= MIN_TOTAL, counts


def position_spread(questions: list[Question]) -> tuple[dict[int, float], float, int]:
    """For single-answer questions: the share of right answers at each position, and a
    chi-square statistic against "the right answer is equally likely to be any of the
    question's choices".

    Expected count per position: each question with k choices adds 1/k to positions 0..k-1.
    Positions 3 and later are pooled (few questions have 5 or 6 choices, and a chi-square
    bin needs a reasonable expected count). The statistic is compared with the 99.9th
    percentile of chi-square: a writer placing answers by chance exceeds it once in a
    thousand banks, so going over it means a habit (such as answers mostly in A-C), not luck.
    A bank balanced on purpose scores well under it."""
    singles = [q for q in questions if len(q.answers) == 1]
    observed = Counter(min(q.answers[0], 3) for q in singles)
    expected: Counter = Counter()
    for q in singles:
        k = len(q.choices)
        for p in range(k):
            expected[min(p, 3)] += 1 / k
    bins = [p for p in expected if expected[p] > 0]
    chi2 = sum((observed[p] - expected[p]) ** 2 / expected[p] for p in bins)
    raw_shares = Counter(q.answers[0] for q in singles)
    shares = {p: raw_shares[p] / len(singles) for p in sorted(raw_shares)} if singles else {}
    return shares, chi2, max(len(bins) - 1, 1)


def assert_spread(questions: list[Question]) -> None:
    shares, chi2, df = position_spread(questions)
    crowded = {LETTERS[p]: round(s, 2) for p, s in shares.items() if s > MAX_SHARE_OF_ONE_POSITION}
    assert not crowded, f"over {MAX_SHARE_OF_ONE_POSITION:.0%} of right answers sit at {crowded}"
    assert chi2 <= CHI2_CRITICAL_0_001[df], (
        f"right-answer positions are skewed: chi-square {chi2:.1f} > {CHI2_CRITICAL_0_001[df]} (df {df}); shares {shares}"
    )


def test_right_answers_are_spread_over_positions(questions):
    singles = [q for q in questions if len(q.answers) == 1]
    assert singles, "no single-answer questions to check"
    assert_spread(questions)


def _synthetic(positions: list[int], choices: int = 4) -> list[Question]:
    return [
        Question(
            id=f"kms-s{i}",
            task="2.2",
            difficulty="recall",
            prompt=f"Synthetic question number {i}?",
            choices=[{"text": f"choice {j}", "why": f"a reason long enough for choice {j}"} for j in range(choices)],
            answer=p,
            explanation="Synthetic explanation.",
            source="kms-overview",
        )
        for i, p in enumerate(positions)
    ]


def test_spread_check_catches_a_habit_and_passes_a_balanced_bank():
    assert_spread(_synthetic([0, 1, 2, 3] * 30))
    with pytest.raises(AssertionError, match="sit at"):
        assert_spread(_synthetic([1] * 50 + [0, 2, 3] * 23))
    # No position over 40%, yet D is never used: only the chi-square bound notices.
    with pytest.raises(AssertionError, match="chi-square"):
        assert_spread(_synthetic([0, 1, 2] * 40))


def test_expected_answer_count_reads_the_prompt():
    assert expected_answer_count("Which solution meets the requirement?") == 1
    assert expected_answer_count("Which steps are needed? (Choose two.)") == 2
    assert expected_answer_count("Which actions help? (Choose three.)") == 3
    assert expected_answer_count("Pick the options; choose two of them.") == 2


# --- bad input: the loader ---------------------------------------------------------------------


def edit_question(path: Path, qid: str, **changes) -> None:
    data = read_yaml(path)
    for q in data["questions"]:
        if q["id"] == qid:
            q.update(changes)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def load_error(bank_dir: Path) -> str:
    with pytest.raises(SiteDataError) as err:
        load_banks()
    return str(err.value)


def test_fixture_banks_are_valid(bank_dir):
    banks = load_banks()
    assert banks.sections == ["kms", "cognito", "cognito-sync"]
    assert banks.by_id["kms-fx-context"].letters == "A, C"


def test_malformed_yaml_names_file_and_line(bank_dir):
    path = bank_dir / "kms.yml"
    lines = path.read_text().splitlines()
    n = next(i for i, line in enumerate(lines) if "difficulty: multi-constraint" in line)
    lines[n] = "    difficulty: [multi-constraint"
    path.write_text("\n".join(lines) + "\n")
    message = load_error(bank_dir)
    assert re.search(r"kms\.yml:\d+", message), message
    line = int(re.search(r"kms\.yml:(\d+)", message).group(1))
    assert n + 1 <= line <= n + 3, message


def test_unknown_source_names_file_and_question(bank_dir):
    edit_question(bank_dir / "cognito.yml", "cognito-fx-verify", source="cognito-no-such-page")
    message = load_error(bank_dir)
    assert "cognito.yml" in message and "cognito-fx-verify" in message and "cognito-no-such-page" in message


def test_answer_out_of_range_names_file_and_question(bank_dir):
    edit_question(bank_dir / "kms.yml", "kms-fx-rotation", answer=3)
    message = load_error(bank_dir)
    assert "kms.yml" in message and "kms-fx-rotation" in message and "out of range" in message


def test_duplicate_id_in_one_file(bank_dir):
    edit_question(bank_dir / "cognito.yml", "cognito-fx-verify", id="cognito-fx-credentials")
    message = load_error(bank_dir)
    assert "cognito.yml" in message and "cognito-fx-credentials" in message and "twice" in message


def test_duplicate_id_across_two_files(bank_dir):
    # "cognito-sync-..." also starts with "cognito-", so a cognito bank may hold that id too.
    edit_question(bank_dir / "cognito.yml", "cognito-fx-verify", id="cognito-sync-fx-new-apps")
    message = load_error(bank_dir)
    assert "cognito-sync.yml" in message and "cognito.yml" in message and "cognito-sync-fx-new-apps" in message


def test_choose_two_with_one_answer_names_file_and_question(bank_dir):
    edit_question(bank_dir / "kms.yml", "kms-fx-context", answer=0)
    message = load_error(bank_dir)
    assert "kms.yml" in message and "kms-fx-context" in message and "choose 2" in message


def test_two_answers_without_choose_two(bank_dir):
    edit_question(bank_dir / "kms.yml", "kms-fx-rotation", answer=[0, 1])
    message = load_error(bank_dir)
    assert "kms-fx-rotation" in message and "(Choose two.)" in message


def test_thin_why_of_a_wrong_choice(bank_dir):
    data = read_yaml(bank_dir / "cognito.yml")
    data["questions"][0]["choices"][0]["why"] = "Wrong."
    (bank_dir / "cognito.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    message = load_error(bank_dir)
    assert "cognito-fx-credentials" in message and "wrong choice A" in message


def test_task_none_outside_the_legacy_section_and_a_task_inside_it(bank_dir):
    edit_question(bank_dir / "kms.yml", "kms-fx-rotation", task="none")
    assert "has task 'none' but section 'kms'" in load_error(bank_dir)
    edit_question(bank_dir / "kms.yml", "kms-fx-rotation", task="2.2")
    edit_question(bank_dir / "cognito-sync.yml", "cognito-sync-fx-new-apps", task="2.1")
    assert "is outside every DVA-C02 task" in load_error(bank_dir)


def test_the_same_prompt_in_two_banks(bank_dir):
    kms = read_yaml(bank_dir / "kms.yml")
    edit_question(bank_dir / "cognito.yml", "cognito-fx-verify", prompt=kms["questions"][0]["prompt"])
    message = load_error(bank_dir)
    assert "has the same prompt as" in message and "cognito-fx-verify" in message


def test_proof_naming_a_missing_test(bank_dir):
    edit_question(
        bank_dir / "kms.yml", "kms-fx-rotation", proof="tests/fixtures/proof_kms_limits.py::test_no_such_proof"
    )
    message = load_error(bank_dir)
    assert "kms-fx-rotation" in message and "def test_no_such_proof(" in message


def test_file_name_must_match_section(bank_dir):
    (bank_dir / "kms.yml").rename(bank_dir / "kms-extra.yml")
    message = load_error(bank_dir)
    assert "kms-extra.yml" in message and "section 'kms'" in message


def test_banks_are_cached_until_a_file_changes(bank_dir):
    first = load_banks()
    assert load_banks() is first
    edit_question(bank_dir / "kms.yml", "kms-fx-rotation", difficulty="multi-constraint")
    assert load_banks() is not first


# --- bad input: the real build stops ------------------------------------------------------------


def project_with_banks(dest: Path, banks_from: Path) -> Path:
    minimal_project(dest)
    shutil.rmtree(dest / "docs" / "_data" / "questions", ignore_errors=True)
    shutil.copytree(banks_from, dest / "docs" / "_data" / "questions")
    return dest


@pytest.mark.slow
def test_build_stops_on_a_bad_answer(tmp_path):
    project = project_with_banks(tmp_path / "project", FIXTURES)
    edit_question(project / "docs" / "_data" / "questions" / "kms.yml", "kms-fx-large-file", answer=9)
    result = mkdocs_build(project, tmp_path / "out", fast=True)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert "docs/_data/questions/kms.yml" in output and "kms-fx-large-file" in output and "out of range" in output, (
        output[-3000:]
    )
    assert (
        not (tmp_path / "out" / "kms" / "index.html").exists()
        or "quiz-question" not in (tmp_path / "out" / "kms" / "index.html").read_text()
    )


# --- on the page: the macros ------------------------------------------------------------------


class FakeEnv:
    """Just enough of mkdocs-macros' env to call the quiz macros directly."""

    def __init__(self, page: str = "kms/index.md"):
        from types import SimpleNamespace

        self.macros: dict = {}
        self.variables: dict = {}
        self.conf = {"repo_url": "https://github.com/example/guide"}
        self.page = SimpleNamespace(file=SimpleNamespace(src_uri=page), meta={})

    def macro(self, fn):
        self.macros[fn.__name__] = fn
        return fn


@pytest.fixture
def macros_env(bank_dir):
    from macros import quiz

    env = FakeEnv()
    quiz.register(env)
    return env.macros


def test_quiz_renders_accessible_forms(macros_env):
    from bs4 import BeautifulSoup

    html = macros_env["quiz"]("kms")
    assert html.startswith("## Question sheet {#question-sheet}\n")
    soup = BeautifulSoup(html, "html.parser")
    forms = soup.select("form.quiz-question")
    assert [f["data-question-id"] for f in forms] == [
        "kms-fx-large-file",
        "kms-fx-context",
        "kms-fx-rotation",
        "kms-fx-without-plaintext",
    ]
    for number, form in enumerate(forms, start=1):
        legend = form.select_one("fieldset > legend")
        assert legend is not None and legend.select_one(".quiz-number").get_text() == f"{number}."
        assert form.select_one('[aria-live="polite"]') is not None
        assert form.select_one("details.quiz-answer > summary") is not None
        # Every choice is a native input with a label that names it.
        for choice in form.select("input.quiz-input"):
            assert form.select_one(f'label[for="{choice["id"]}"]') is not None
    context = soup.select_one('form[data-question-id="kms-fx-context"]')
    assert [i["type"] for i in context.select("input.quiz-input")] == ["checkbox"] * 5
    assert context.select_one(".quiz-key strong").get_text() == "A, C"
    assert (
        context.select_one(".quiz-source a")["href"]
        == "https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html"
    )
    # Blank lines would end Markdown's raw HTML block and let it rewrite the questions.
    assert "\n\n" not in html.split("\n\n", 1)[1].strip()


def test_proof_badge_links_to_the_test_on_github(macros_env):
    html = macros_env["quiz"]("kms")
    line = next(
        n
        for n, text in enumerate((FIXTURES.parent / "proof_kms_limits.py").read_text().splitlines(), 1)
        if "def test_encrypt" in text
    )
    assert html.count("Answer checked by code") == 1
    assert f'href="https://github.com/example/guide/blob/main/tests/fixtures/proof_kms_limits.py#L{line}"' in html


def test_everything_from_a_bank_is_escaped(bank_dir, macros_env):
    edit_question(
        bank_dir / "kms.yml",
        "kms-fx-rotation",
        prompt='Which call is safe? <script>alert("x")</script> Try `<b>Decrypt</b>` & see.',
        explanation="An explanation with <img src=x onerror=alert(1)> inside.",
    )
    html = macros_env["quiz"]("kms") + macros_env["answer_key"]() + macros_env["mixed_review"]()
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "<code>&lt;b&gt;Decrypt&lt;/b&gt;</code> &amp; see." in html


def test_a_section_without_a_bank_says_so_and_an_unknown_one_fails(macros_env):
    assert "being written" in macros_env["quiz"]("security-review")
    with pytest.raises(SiteDataError, match="unknown section"):
        macros_env["quiz"]("no-such-section")


def test_answer_key_lists_letters_explanations_and_sources_by_section(macros_env):
    key = macros_env["answer_key"]()
    assert key.index("{#answer-key-kms}") < key.index("{#answer-key-cognito}") < key.index("{#answer-key-cognito-sync}")
    kms = key[key.index("{#answer-key-kms}") : key.index("{#answer-key-cognito}")]
    assert re.findall(r'class="answer-key-letters">([A-F, ]+)<', kms) == ["C", "A, C", "A", "D"]
    assert "kms/latest/developerguide/data-keys.html" in kms and "Source:" in kms
    assert kms.count('class="answer-key-prompt"') == 4 and "A team turns on automatic rotation" in kms
    assert macros_env["answer_key"](heading_level=3).startswith("### ")


def test_a_form_is_rendered_once_for_the_review_file_and_the_sheet_and_names_each_page(macros_env, monkeypatch):
    from bs4 import BeautifulSoup

    from macros import quiz

    rendered: list[str] = []
    real = quiz._render_form
    monkeypatch.setattr(quiz, "_render_form", lambda q, *rest: rendered.append(q.id) or real(q, *rest))
    review_file = next(f for f in quiz.question_files("https://github.com/example/guide") if f.section == "kms")
    sheet = macros_env["quiz"]("kms")
    forms = {
        name: BeautifulSoup(html, "html.parser").select("form.quiz-question")
        for name, html in (("review", review_file.html), ("sheet", sheet))
    }
    ids = [f["data-question-id"] for f in forms["sheet"]]
    assert [f["data-question-id"] for f in forms["review"]] == ids and sorted(rendered) == sorted(set(rendered))
    assert set(ids) <= set(rendered)
    for in_review, in_sheet in zip(forms["review"], forms["sheet"]):
        review_link, sheet_link = (f.select_one("a.report-problem")["href"] for f in (in_review, in_sheet))
        assert "page=docs%2Freview%2Findex.md" in review_link and "page=docs%2Fkms%2Findex.md" in sheet_link
        assert review_link.replace("review%2Findex.md", "kms%2Findex.md") == sheet_link
        assert str(in_review).replace("review%2Findex.md", "kms%2Findex.md") == str(in_sheet)
    assert "\ue000" not in review_file.html + sheet


def test_a_form_is_rendered_again_once_its_template_changed(bank_dir, monkeypatch):
    from macros import quiz

    q = quiz.load_banks().questions("kms")[0]
    rendered: list[str] = []
    real = quiz._render_form
    monkeypatch.setattr(quiz, "_render_form", lambda q, *rest: rendered.append(q.id) or real(q, *rest))
    template = object()  # jinja2 hands out a new template object once the file changed
    monkeypatch.setattr(quiz, "template", lambda name: template)
    for _ in range(2):
        quiz.render_question(q, 1, "https://github.com/example/guide", "docs/kms/index.md")
    template = object()
    quiz.render_question(q, 1, "https://github.com/example/guide", "docs/kms/index.md")
    quiz.render_question(q, 2, "https://github.com/example/guide", "docs/kms/index.md")
    assert rendered == [q.id] * 3


def test_a_bank_text_holding_the_report_link_mark_stops_the_build(bank_dir, macros_env):
    from macros.quiz import _REPORT_LINK

    edit_question(bank_dir / "kms.yml", "kms-fx-rotation", explanation=f"Odd text {_REPORT_LINK} here.")
    with pytest.raises(SiteDataError, match="report-link mark 2 times"):
        macros_env["quiz"]("kms")


def test_mixed_review_names_one_question_file_per_section_and_carries_filters(macros_env):
    from bs4 import BeautifulSoup

    from macros.quiz import question_files

    html = macros_env["mixed_review"]()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select("form.quiz-question") == [], "the page carries no forms: quiz.js fetches the section files"
    sheet = soup.select_one(".quiz-sheet.quiz-review")
    assert sheet["data-quiz-count"] == "7"
    files = question_files("https://github.com/example/guide")
    assert [f.section for f in files] == ["kms", "cognito", "cognito-sync"]
    sources = sheet["data-quiz-sources"].split()
    assert [s.rsplit("assets/", 1)[1] for s in sources] == [f.path.removeprefix("assets/") for f in files]
    for f in files:
        assert re.fullmatch(r"assets/questions/[a-z-]+\.[0-9a-f]{10}\.html", f.path), f.path
        forms = BeautifulSoup(f.html, "html.parser").select("form.quiz-question")
        assert [form["data-section"] for form in forms] == [f.section] * len(forms) and forms
        assert f.html.startswith("<!doctype html>") and "<script" not in f.html
    assert sum(len(BeautifulSoup(f.html, "html.parser").select("form")) for f in files) == 7
    assert 'data-filter="section"' in html and 'data-filter="task"' in html
    assert '<option value="none">' in html
    assert "[AWS KMS](index.md#question-sheet)" in html
    # Without JavaScript: a link to every section's sheet.
    assert html.count("#question-sheet): ") == 3 and 'class="quiz-review-fallback"' in html


def test_quiz_stats_counts_per_section_and_task(macros_env):
    stats = macros_env["quiz_stats"]()
    assert re.search(r"\| \[AWS KMS\]\(index\.md#question-sheet\) \| 4 \| 1 \| 2 \| 1 \| 1 \|", stats), stats
    assert "| **All** | **7** |" in stats
    assert re.search(r"\| 2\.2 Implement encryption by using AWS services \| 4 \|", stats)
    assert re.search(r"\| 2\.1 .* \| 2 \|", stats)
    assert re.search(r"Outside the DVA-C02 tasks .* \| 1 \|", stats)

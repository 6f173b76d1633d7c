"""The item-writing checks (macros/item_checks.py): every bank passes them, each check fails on a
planted cue, and a planted cue stops the build with the bank file, line and question id."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from macros import item_checks
from macros.data import read_yaml
from macros.errors import SiteDataError
from macros.quiz_bank import Banks, Question, load_banks
from tests.support import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "questions"


def question(
    qid: str = "kms-x",
    prompt: str = "A team must store 50 MB reports encrypted with KMS. Which call should the code make first?",
    **changes,
) -> Question:
    data = {
        "id": qid,
        "task": "2.2",
        "difficulty": "apply",
        "prompt": prompt,
        "choices": [
            {"text": "Call GenerateDataKey, encrypt locally", "why": "Envelope encryption suits large data."},
            {"text": "Call Encrypt with the whole report body", "why": "Encrypt takes at most 4 KB of plaintext."},
            {"text": "Call ReEncrypt on the report at once", "why": "ReEncrypt only changes the key of a ciphertext."},
            {"text": "Call GenerateRandom for a fresh AES key", "why": "No KMS key would protect the random bytes."},
        ],
        "answer": 0,
        "explanation": "Large data is encrypted locally under a data key.",
        "source": "kms-api-encrypt",
    }
    data.update(changes)
    return Question.model_validate(data)


def banks_of(*questions: Question, section: str = "kms") -> Banks:
    for q in questions:
        q.section = section
    bank = type("B", (), {"questions": list(questions)})()
    return Banks({section: (Path(f"docs/_data/questions/{section}.yml"), bank)})


def problems(*questions: Question) -> list[str]:
    return [f.problem for _, f in item_checks.check(banks_of(*questions)).findings]


def test_every_bank_passes_and_both_naive_strategies_stay_low():
    report = item_checks.check(load_banks())
    assert report.ok, "\n".join(f"{s}: {f.question}: {f.problem}" for s, f in report.findings)
    assert report.longest["all"] <= item_checks.MAX_NAIVE_STRATEGY_SCORE
    assert report.shortest["all"] <= item_checks.MAX_NAIVE_STRATEGY_SCORE
    assert report.overlap["all"] <= item_checks.MAX_NAIVE_STRATEGY_SCORE
    assert report.echo["all"] <= item_checks.MAX_NAIVE_STRATEGY_SCORE
    assert len(report.longest) > 5, "a score per bank and overall"


def test_a_clean_question_passes():
    assert problems(question()) == []


def test_a_long_key_is_a_cue():
    long_key = question(
        choices=[
            {
                "text": "Call GenerateDataKey, encrypt the report locally with the plaintext key and store the encrypted key beside it",
                "why": "Envelope encryption.",
            },
            *question().model_dump()["choices"][1:],
        ]
    )
    assert any("as long as the longest wrong one" in p for p in problems(long_key))


def test_an_option_that_explains_itself_is_a_cue():
    because = question(
        choices=[
            {"text": "GenerateDataKey, because Encrypt is too small", "why": "Envelope encryption."},
            *question().model_dump()["choices"][1:],
        ]
    )
    assert any("explains itself ('because')" in p for p in problems(because))


def test_a_four_option_multiple_response_is_refused():
    multi = question(prompt=question().prompt + " (Choose two.)", answer=[0, 3])
    assert any("multiple-response question with 4 options" in p for p in problems(multi))


def test_near_duplicate_stems_are_found():
    a = question("kms-a")
    b = question(
        "kms-b", prompt="A team must store 50 MB reports encrypted with KMS. Which call should its code make first?"
    )
    found = problems(a, b)
    assert any("near-duplicate of 'kms-a'" in p for p in found), found


def test_an_option_restating_another_questions_key_is_a_cue():
    a = question("kms-a")
    other = question(
        "kms-b",
        prompt="A developer needs random bytes for a salt in a Lambda function. Which API returns them without any KMS key?",
        answer=3,
    )
    cue = question(
        "kms-c",
        prompt="Which approach keeps the bulk encryption of large files off the KMS service while KMS still protects the key material used?",
        choices=[
            {"text": "Call GenerateRandom for a fresh AES key", "why": "Random bytes are not protected by a KMS key."},
            *question().model_dump()["choices"][1:3],
            {"text": "Call Decrypt on an empty ciphertext", "why": "Decrypt needs a ciphertext that KMS produced."},
        ],
    )
    assert any("restates the key of" in p for p in problems(a, other, cue))


def test_a_bank_where_the_longest_option_always_wins_fails_the_strategy_check():
    longest_wins = [
        question(
            f"kms-q{i}",
            prompt=f"Scenario {i}: a team needs encryption for a workload with constraint number {i} in place.",
            choices=[
                {"text": "Use the customer managed key", "why": "It meets every stated constraint."},
                {"text": "Use SSE-S3", "why": "It fails the key-control constraint."},
                {"text": "Use SSE-C", "why": "It fails the managed-key constraint."},
                {"text": "Use none", "why": "It fails the encryption constraint."},
            ],
        )
        for i in range(4)
    ]
    found = problems(*longest_wins)
    assert any("'always pick the longest option' scores 100%" in p for p in found), found


def test_a_bank_where_only_the_key_echoes_the_stem_fails_the_echo_check():
    echoed = [
        question(
            f"kms-e{i}",
            prompt=f"Scenario {i}: clients get an invalid audience error from the token check of service {i}.",
            choices=[
                {"text": "Fix the audience of the token", "why": "It matches the client the API expects."},
                {"text": "Rotate the signing keys", "why": "New keys do not change the client the token names."},
                {"text": "Raise the token lifetime", "why": "A longer lifetime does not change the client."},
                {"text": "Turn on MFA for the pool", "why": "MFA adds a factor; the client named stays the same."},
            ],
        )
        for i in range(4)
    ]
    assert [item_checks.lone_echoes(q)[0] for q in echoed[:1]] == [{"audience"}]
    found = problems(*echoed)
    assert any("'pick the option that alone repeats stem words' scores 100%" in p for p in found), found


def test_a_planted_cue_stops_the_load_with_file_line_and_id(bank_dir):
    path = bank_dir / "cognito.yml"
    data = read_yaml(path)
    verify = next(q for q in data["questions"] if q["id"] == "cognito-fx-verify")
    verify["choices"][verify["answer"]]["text"] += (
        " Then log the user in and cache the decision for the whole session, for every request."
    )
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(SiteDataError) as err:
        load_banks()
    message = str(err.value)
    assert (
        "cognito.yml:" in message
        and "cognito-fx-verify" in message
        and "as long as the longest wrong one" in message
        and "Fix:" in message
    )


def test_a_bank_where_the_shortest_option_always_wins_fails_the_strategy_check():
    shortest_wins = [
        question(
            f"kms-s{i}",
            prompt=f"Scenario {i}: a team needs encryption for a workload with limit number {i} to respect.",
            choices=[
                {"text": "Use SSE-KMS", "why": "It meets every stated constraint."},
                {
                    "text": "Use SSE-S3 with the default bucket encryption setting",
                    "why": "It fails the key-control constraint.",
                },
                {
                    "text": "Use SSE-C with a key the client sends on every request",
                    "why": "It fails the managed-key constraint.",
                },
                {
                    "text": "Use the S3 Encryption Client with a key stored in the app",
                    "why": "It fails the audit constraint.",
                },
            ],
        )
        for i in range(4)
    ]
    found = problems(*shortest_wins)
    assert any("'always pick the shortest option' scores 100%" in p for p in found), found


def test_a_cached_report_is_the_fresh_one_and_an_edit_misses_the_cache(bank_dir, tmp_path, monkeypatch):
    from macros import quiz_bank

    monkeypatch.setattr(item_checks, "CACHE_DIR", tmp_path / "cache")
    banks = quiz_bank.load_banks(bank_dir, items=False)  # the loader's own call fills one entry
    files = sorted(bank_dir.glob("*.yml"))
    count = lambda: len(list((tmp_path / "cache").glob("*.json")))  # noqa: E731
    fresh = item_checks.check_cached(banks, files)
    assert count() == 2
    assert item_checks.check_cached(banks, files) == fresh == item_checks.check(banks)
    assert count() == 2
    with (bank_dir / "kms.yml").open("a", encoding="utf-8") as bank:
        bank.write("# an edit\n")
    item_checks.check_cached(banks, files)
    assert count() == 3

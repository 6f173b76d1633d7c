"""The exam-guide coverage matrix: pages declare the bullets their sections teach (`teaches:`),
questions the bullets they test (`covers:`); macros/coverage.py counts both, review/coverage/
shows them with links the strict build validates, and `require_full_coverage: true` in
docs/_data/exam.yml turns every gap into a build error that names the bullet and the fix."""

from __future__ import annotations

import re

import pytest
import yaml
from mkdocs.utils.meta import get_data

from macros.coverage import BulletCoverage, coverage, enforce, gaps
from macros.errors import SiteDataError
from macros.exam import (
    MIN_QUESTIONS_PER_BULLET,
    ExamGuide,
    Teaching,
    headings,
    load_exam_guide,
    load_teachings,
    page_teachings,
    teaches_problems,
)
from macros.quiz_bank import NO_TASK, Question, _fact_problem, load_banks
from macros.registry import load_registry
from tests.support import ROOT, build_fails, built_page, read_page

# --- made-up data for the counting -------------------------------------------------------------


def guide(*bullets: str, require: bool = False) -> ExamGuide:
    return ExamGuide(
        require_full_coverage=require,
        exam="test",
        tasks=[{"id": "2.1", "title": "Auth"}, {"id": "2.3", "title": "Sensitive data"}],
        bullets=[
            {
                "id": b,
                "task": b.split("-")[0],
                "kind": "skill" if "-s" in b else "knowledge",
                "text": f"Bullet {b} text",
            }
            for b in bullets
        ],
    )


def teaching(bullet: str, page: str = "a/index.md", anchor: str = "one") -> Teaching:
    return Teaching(bullet=bullet, page=page, anchor=anchor, heading=anchor.title(), page_title="A")


def question(qid: str, covers: list[str], task: str = "2.1") -> Question:
    return Question(
        id=f"sec-{qid}",
        task=task,
        difficulty="apply",
        prompt="Which option is right for this made-up scenario?",
        choices=[
            {"text": "Right", "why": "It is the right one."},
            {"text": "Wrong", "why": "It fails the stated constraint."},
        ],
        answer=0,
        explanation="Made up for the counting tests.",
        source="kms-overview",
        covers=covers,
        section="sec",
    )


def by_id(rows: list[BulletCoverage]) -> dict[str, BulletCoverage]:
    return {r.bullet.id: r for r in rows}


def test_counts_sections_and_questions_per_bullet_in_exam_guide_order():
    g = guide("2.1-k1", "2.1-s2", "2.3-k3")
    rows = coverage(
        g,
        [teaching("2.1-k1", anchor="one"), teaching("2.1-k1", anchor="two"), teaching("2.1-s2", page="b.md")],
        [question("a", ["2.1-k1", "2.1-s2"]), question("b", ["2.1-k1"]), question("c", [])],
    )
    assert [r.bullet.id for r in rows] == ["2.1-k1", "2.1-s2", "2.3-k3"]
    rows = by_id(rows)
    assert [(t.page, t.anchor) for t in rows["2.1-k1"].sections] == [("a/index.md", "one"), ("a/index.md", "two")]
    assert [q.id for q in rows["2.1-k1"].questions] == ["sec-a", "sec-b"]
    assert (rows["2.1-s2"].taught, rows["2.1-s2"].count) == (True, 1)
    assert (rows["2.3-k3"].taught, rows["2.3-k3"].count) == (False, 0)


def test_a_repeated_section_or_bullet_counts_once_and_task_none_counts_nothing():
    rows = by_id(
        coverage(
            guide("2.1-k1"),
            [teaching("2.1-k1"), teaching("2.1-k1")],
            [question("a", ["2.1-k1", "2.1-k1"]), question("sync", [], task=NO_TASK)],
        )
    )
    assert len(rows["2.1-k1"].sections) == 1
    assert rows["2.1-k1"].count == 1


def test_unknown_bullets_on_either_side_are_refused():
    with pytest.raises(SiteDataError, match="unknown exam-guide bullet '2.1-k9'"):
        coverage(guide("2.1-k1"), [teaching("2.1-k9")], [])
    with pytest.raises(SiteDataError, match="sec-a.*unknown exam-guide bullet '2.1-k9'"):
        coverage(guide("2.1-k1"), [], [question("a", ["2.1-k9"])])


def test_gaps_name_the_bullet_and_the_fix():
    three = [question(x, ["2.1-k1"]) for x in "abc"]
    rows = by_id(
        coverage(
            guide("2.1-k1", "2.1-s2", "2.3-k3"),
            [teaching("2.1-k1"), teaching("2.1-s2")],
            [*three, question("d", ["2.1-s2"])],
        )
    )
    assert rows["2.1-k1"].gaps() == []
    (short,) = rows["2.1-s2"].gaps()
    assert (
        "2.1-s2" in short
        and f"1 question, fewer than {MIN_QUESTIONS_PER_BULLET}" in short
        and 'covers: ["2.1-s2"]' in short
    )
    untaught, untested = rows["2.3-k3"].gaps()
    assert (
        "2.3-k3" in untaught and "taught by no page section" in untaught and "'- 2.3-k3#<heading-anchor>'" in untaught
    )
    assert "0 questions" in untested
    assert len(gaps(list(rows.values()))) == 3


def test_the_minimum_is_three_questions():
    assert MIN_QUESTIONS_PER_BULLET == 3
    for n, short in ((2, True), (3, False)):
        row = coverage(guide("2.1-k1"), [teaching("2.1-k1")], [question(str(i), ["2.1-k1"]) for i in range(n)])[0]
        assert bool(row.gaps()) is short, n


def test_enforcement_follows_the_setting():
    g_off, g_on = guide("2.1-k1"), guide("2.1-k1", require=True)
    enforce(g_off, coverage(g_off, [], []))  # gaps, but not enforced: no error
    with pytest.raises(SiteDataError) as err:
        enforce(g_on, coverage(g_on, [], []))
    assert "2.1-k1" in str(err.value) and "Fix:" in str(err.value) and "docs/_data/exam.yml" in str(err.value)
    covered = coverage(g_on, [teaching("2.1-k1")], [question(x, ["2.1-k1"]) for x in "abc"])
    enforce(g_on, covered)  # nothing missing: no error


def test_the_setting_defaults_to_false_and_is_a_boolean():
    data = yaml.safe_load((ROOT / "docs/_data/exam.yml").read_text(encoding="utf-8"))
    assert isinstance(data["require_full_coverage"], bool)
    assert ExamGuide(exam="x", tasks=[]).require_full_coverage is False


# --- the front matter field --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("2.2-s4#rotation", "must be a list"),
        (["2.2-s4"], "is not 'bullet-id#heading-anchor'"),
        (["kms/index.md#rotation"], "is not 'bullet-id#heading-anchor'"),
        (["2.2-s9#rotation"], "unknown exam-guide bullet '2.2-s9'"),
        (["2.2-s4#rotation", "2.2-s4#rotation"], "twice"),
    ],
)
def test_bad_teaches_values_are_reported(value, fragment):
    found = teaches_problems(value, {"2.2-s4"})
    assert any(fragment in p for p in found), found


def test_good_teaches_values_pass():
    assert teaches_problems(None, set()) == []
    assert teaches_problems(["2.2-s4#rotation", "2.2-k3#rotation"], {"2.2-s4", "2.2-k3"}) == []


def test_headings_get_the_ids_mkdocs_gives_them():
    md = (
        "# Title\n\n## Keeping secrets out of the app (task 2.3)\n\n```bash\n# not a heading\n```\n\n"
        "## `Encrypt` and **data keys**\n\n## Question sheet {#question-sheet}\n\n## Rotation\n\n### Rotation\n"
    )
    assert headings(md) == {
        "title": "Title",
        "keeping-secrets-out-of-the-app-task-23": "Keeping secrets out of the app (task 2.3)",
        "encrypt-and-data-keys": "Encrypt and data keys",
        "question-sheet": "Question sheet",
        "rotation": "Rotation",
        "rotation_1": "Rotation",
    }


def test_page_teachings_name_the_heading_and_refuse_bad_entries():
    (t,) = page_teachings("kms/index.md", {"title": "KMS", "teaches": ["2.2-s4#rotation"]}, "## Rotation\n", {"2.2-s4"})
    assert (t.bullet, t.page, t.anchor, t.heading, t.page_title) == (
        "2.2-s4",
        "kms/index.md",
        "rotation",
        "Rotation",
        "KMS",
    )
    with pytest.raises(SiteDataError, match=r"docs/kms/index.md.*unknown exam-guide bullet"):
        page_teachings("kms/index.md", {"teaches": ["2.2-s9#rotation"]}, "## Rotation\n", {"2.2-s4"})


# --- the guide's own pages and banks -----------------------------------------------------------

SECTION_PAGES = [s.page for s in load_registry().sections if s.tasks]


@pytest.mark.parametrize("page", SECTION_PAGES)
def test_every_in_scope_section_page_teaches_something_under_its_own_headings(page):
    markdown, meta = get_data((ROOT / "docs" / page).read_text(encoding="utf-8"))
    entries = meta.get("teaches")
    assert entries, f"docs/{page}: add 'teaches:' (the exam-guide bullets its sections teach)"
    anchors = headings(markdown)
    assert not [e for e in entries if e.partition("#")[2] not in anchors], (
        f"docs/{page}: anchors that are no heading of the page"
    )


def test_every_teaches_entry_names_a_bullet_and_loads():
    known = load_exam_guide().bullet_ids()
    teachings = load_teachings()
    assert teachings and {t.bullet for t in teachings} <= known


def test_every_in_scope_question_covers_bullets_of_its_own_task_and_sync_covers_none():
    for q in load_banks().questions():
        if q.task == NO_TASK:
            assert q.covers == [], q.id
        else:
            assert 1 <= len(q.covers) <= 3, f"{q.id}: cover the one to three bullets it really tests"
            assert all(b.startswith(q.task + "-") for b in q.covers), q.id


def test_a_fact_the_question_does_not_state_is_refused():
    q = question("facts", ["2.1-k1"])
    q.facts = ["kms-encrypt-max-bytes"]  # 4,096: not in the made-up text
    problem = _fact_problem(q)
    assert problem and "never states the value '4,096'" in problem[0]
    q.explanation = "Encrypt takes at most 4,096 bytes."
    assert _fact_problem(q) is None
    q.facts = ["no-such-fact"]
    assert "unknown fact id 'no-such-fact'" in _fact_problem(q)[0]


# --- the built page ----------------------------------------------------------------------------


def test_the_coverage_page_has_a_table_per_task_with_every_bullet(built_site):
    g = load_exam_guide()
    soup = read_page(built_page(built_site, "review/coverage.md"))
    article = soup.find("article")
    tasks = sorted({b.task for b in g.bullets})
    for task in tasks:
        heading = article.find(id="task-" + task.replace(".", "-"))
        assert heading is not None, task
        table = heading.find_next("table")
        ids = [row.find("span")["id"] for row in table.find_all("tr")[1:]]
        assert ids == [b.anchor for b in g.bullets if b.task == task]
    rows = {r.bullet.id: r for r in coverage(g, load_teachings(), load_banks().questions())}
    for b in g.bullets:
        row = article.find(id=b.anchor).find_parent("tr")
        cells = row.find_all("td")
        r = rows[b.id]
        assert len(cells[1].find_all("a")) == len(r.sections), b.id
        assert {a["href"].rpartition("#quiz-")[2] for a in cells[2].find_all("a")} == {q.id for q in r.questions}, b.id
        assert f"taught: {'yes' if r.taught else 'no'}, questions: {r.count}" in cells[3].get_text(), b.id
    # The other way: every in-scope question links back to the rows of the bullets it tests.
    for q in load_banks().questions():
        if q.task == NO_TASK:
            continue
        link = article.find("a", href=re.compile(rf"#quiz-{re.escape(q.id)}$"), string=q.id)
        assert link is not None, q.id
        back = [a["href"] for a in link.find_parent("tr").find_all("a")[1:]]
        assert back == ["#bullet-" + b.replace(".", "-") for b in q.covers], q.id


# --- the build ---------------------------------------------------------------------------------


def test_with_full_coverage_required_a_bullet_with_nothing_stops_the_build(project_copy):
    exam = project_copy / "docs/_data/exam.yml"
    text = exam.read_text(encoding="utf-8").replace("require_full_coverage: false", "require_full_coverage: true", 1)
    text += '  - {id: 2.3-s9, task: "2.3", kind: skill, text: "A planted bullet that nothing teaches or tests"}\n'
    exam.write_text(text, encoding="utf-8")
    out = build_fails(
        project_copy,
        "docs/_data/exam.yml",
        "require_full_coverage is true",
        "bullet 2.3-s9",
        "taught by no page section",
        "0 questions",
        "Fix:",
    )
    assert "'- 2.3-s9#<heading-anchor>'" in out


def test_a_teaches_anchor_that_is_no_heading_stops_the_build(project_copy):
    page = project_copy / "docs/kms/index.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("- 2.2-s4#rotation", "- 2.2-s4#key-rotation", 1), encoding="utf-8"
    )
    build_fails(
        project_copy,
        "docs/kms/index.md",
        "'teaches:' names headings the page does not have: 2.2-s4#key-rotation",
        "rotation",
    )

"""Flashcards (docs/review/flashcards.md, macros/practice.py, hooks/practice_files.py): cards made
from the glossary, the traps, the then-and-now notes and the facts, with a section and a source
each; the build check on a bad card; the Anki package (a zip holding the collection database,
stable guids, reproducible bytes) and the CSV; the cut-out cards; spaced repetition that
survives a reload; axe in both schemes; no request to another origin."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile

import pytest

from macros.errors import SiteDataError
from macros.facts import load_facts
from macros.glossary import load_abbreviations
from macros.notes import load_notes
from macros.practice import MIN_CARDS, Card, all_traps, check_cards, load_cards, plain, trap_sides
from macros.practice_export import apkg_bytes, csv_text
from macros.practice_pages import DECK_NAME
from tests.support import SCHEMES, axe_violations, read_page, show_scheme

PAGE = "review/flashcards/"


@pytest.fixture(scope="module")
def cards() -> list[Card]:
    return load_cards()


def test_card_html_is_made_once_per_change_and_handed_out_as_copies(cards):
    from macros.practice import cards_html

    first = cards_html()
    assert first == [c.html() for c in cards]
    first[0]["front"] = "changed by a caller"
    assert cards_html()[0]["front"] == cards[0].html()["front"]


def test_cards_come_from_every_source_and_number_at_least_150(cards):
    kinds = {k: [c for c in cards if c.kind == k] for k in ("term", "trap", "note", "fact")}
    assert len(cards) >= MIN_CARDS >= 150
    assert len(kinds["term"]) == len(load_abbreviations())
    assert len(kinds["trap"]) == sum(len(t) for _, t in all_traps())
    assert len(kinds["note"]) == len(load_notes().notes)
    assert len(kinds["fact"]) == len(load_facts().facts)
    for c in cards:
        assert plain(c.front).strip() and plain(c.back).strip(), c.id
        assert c.source_url and c.source_title and c.section and c.section_title, c.id
    assert len({c.id for c in cards}) == len(cards)


def test_a_fact_card_reads_claim_to_value_and_traps_resolve_facts(cards):
    by_id = {c.id: c for c in cards}
    fact = by_id["fact-kms-encrypt-max-bytes"]
    assert "plaintext Encrypt accepts" in fact.front and fact.back == "4,096 bytes"
    traps = [c for c in cards if c.kind == "trap"]
    assert any("4,096 bytes" in c.back for c in traps), "{{ fact() }} in a trap becomes the fact's text"
    assert not any("{{" in c.front + c.back for c in cards)


def test_a_trap_becomes_a_cloze_of_its_key_words():
    front, back = trap_sides("Only **SSE-KMS** logs key use; `SSE-S3` does not.")
    assert front == "Fill the gaps: Only **____** logs key use; `SSE-S3` does not." and back.startswith(
        "Only **SSE-KMS**"
    )
    front, _ = trap_sides("Rotation keeps the key ID. Old ciphertext still decrypts.")
    assert front == "Rotation keeps the key ID. ..."


@pytest.mark.parametrize("broken", ["front", "back", "source_url", "source_title"])
def test_the_build_check_refuses_an_empty_side_or_a_missing_source(broken):
    card = Card("fact-x", "fact", "kms", "AWS KMS", "Front?", "Back", "https://example.com/", "Example")
    setattr(card, broken, "  ")
    with pytest.raises(SiteDataError, match="flashcard 'fact-x'"):
        check_cards([card])


def test_the_page_carries_every_card_and_links_the_exports(built_site, cards):
    soup = read_page(built_site / PAGE / "index.html")
    data = json.loads(soup.find("script", id="flashcards-data").string)
    assert [c["id"] for c in data["cards"]] == [c.id for c in cards]
    links = {a["href"] for a in soup.select(".flashcards-downloads a")}
    assert links == {f"../../downloads/{DECK_NAME}.apkg", f"../../downloads/{DECK_NAME}.csv"}
    for href in links:
        assert (built_site / PAGE / href).resolve().is_file()


def test_the_anki_package_is_a_collection_with_one_note_per_card(built_site, cards, tmp_path):
    path = built_site / "downloads" / f"{DECK_NAME}.apkg"
    with zipfile.ZipFile(path) as z:
        assert "collection.anki2" in z.namelist()
        (tmp_path / "c.anki2").write_bytes(z.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "c.anki2")
    try:
        notes = db.execute("select guid, flds from notes").fetchall()
        assert db.execute("select count(*) from cards").fetchone()[0] == len(cards)
        assert db.execute("select decks from col").fetchone()[0]
    finally:
        db.close()
    assert len(notes) == len(cards)
    import genanki

    assert {g for g, _ in notes} == {genanki.guid_for("dva-guide", c.id) for c in cards}, (
        "guids come from card ids: re-imports update"
    )
    fields = {g: f.split("\x1f") for g, f in notes}
    fact = fields[genanki.guid_for("dva-guide", "fact-kms-encrypt-max-bytes")]
    assert fact[1] == "4,096 bytes" and 'href="https://' in fact[3]


def test_the_exports_are_reproducible(cards, built_site):
    site_url = "https://example.org/guide/"
    assert apkg_bytes(cards, site_url) == apkg_bytes(cards, site_url)
    rows = list(
        csv.DictReader(io.StringIO((built_site / "downloads" / f"{DECK_NAME}.csv").read_text(encoding="utf-8")))
    )
    assert len(rows) == len(cards)
    assert all(r["front"] and r["back"] and r["source_url"].startswith("https://") for r in rows)
    assert csv_text(cards, site_url) == csv_text(cards, site_url)


def test_cut_out_cards_print_eight_to_a_sheet_on_the_handout(built_site, cards):
    for page in ("review/cards-print/index.html", "print_page/index.html"):
        soup = read_page(built_site / page)
        sheets = soup.select(".cut-sheet")
        assert sum(len(s.select(".cut-card")) for s in sheets) == len(cards), page
        assert all(len(s.select(".cut-card")) <= 8 for s in sheets)
        assert all(
            s.select_one(".cut-card__front").get_text(strip=True)
            and s.select_one(".cut-card__back").get_text(strip=True)
            for s in sheets
        )
    for hidden in ("review/flashcards/", "review/mock-exam/"):
        assert f'id="{hidden.strip("/").replace("/", "-")}' not in (built_site / "print_page/index.html").read_text(
            encoding="utf-8"
        )


@pytest.mark.browser
def test_a_reviewed_card_keeps_its_next_due_date_after_a_reload(chromium, site_url):
    context = chromium.new_context()
    try:
        page = context.new_page()
        errors, foreign = [], []
        origin = site_url[: site_url.index("/", len("http://"))]
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith((origin + "/", "data:")) else foreign.append(r.url))
        page.goto(site_url + PAGE)
        first = page.locator(".flashcard").get_attribute("data-card-id")
        assert page.locator(".flashcard-back").is_hidden()
        page.keyboard.press(" ")
        assert page.locator(".flashcard-back").is_visible() and page.locator(".flashcard-source a").count() >= 1
        page.keyboard.press("3")  # good
        assert page.locator(".flashcard").get_attribute("data-card-id") != first
        said = page.locator(".flashcards-last").text_content()
        progress = page.evaluate("JSON.parse(localStorage.getItem('dva-cards:v1:progress'))")
        due = progress[first]["due"]
        assert progress[first]["interval"] == 1 and due > page.evaluate("Date.now()")
        page.reload()
        after = page.evaluate("JSON.parse(localStorage.getItem('dva-cards:v1:progress'))")
        assert after[first]["due"] == due
        assert page.locator(".flashcard").get_attribute("data-card-id") != first, "a card not yet due is not shown"
        day = page.evaluate(
            f"(() => {{ const d = new Date({due}); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0'); }})()"
        )
        assert day in said
        section = page.evaluate(
            f"JSON.parse(document.getElementById('flashcards-data').textContent).cards.find(c => c.id === {first!r}).section"
        )
        row = page.locator(f'[data-flashcards-due] tr[data-section="{section}"] td')
        assert row.nth(3).text_content() == day, "the due table shows the section's next due date"
        assert errors == [] and foreign == []
    finally:
        context.close()


@pytest.mark.browser
def test_axe_finds_nothing_on_the_flashcards_in_both_schemes(chromium, site_url):
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(site_url + PAGE)
        problems = []
        for stage in ("front", "back"):
            if stage == "back":
                page.click(".flashcard-show")
            for scheme in SCHEMES:
                show_scheme(page, scheme)
                # The study area only: the page around it is audited with the site
                # (test_accessibility.py). Playwright scrolls to click Show; Material hides its
                # tabs on scroll a frame later, so a whole-page audit could read them half-faded.
                problems += [(stage, scheme, *found) for found in axe_violations(page, ".flashcards")]
        assert problems == []
    finally:
        context.close()

"""The flashcards as files to take elsewhere: an Anki package (.apkg, built with genanki) and a
CSV. hooks/practice_files.py adds both to the site under downloads/.

Both are byte-for-byte reproducible: every note's guid comes from its card's id (so importing a
newer deck updates the notes a learner already has instead of duplicating them), the model and
deck ids are fixed numbers derived from their names, the notes' timestamp is SOURCE_DATE_EPOCH
(or a fixed date), and the zip entries carry a fixed date."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
import zipfile
from pathlib import Path

from markupsafe import escape

from .practice import Card, md_inline, plain

DECK_TITLE = "DVA-C02 Security (KMS, Cognito and Security guide)"
FIXED_EPOCH = 1767225600  # 2026-01-01T00:00:00Z, when SOURCE_DATE_EPOCH is not set
ZIP_DATE = (2026, 1, 1, 0, 0, 0)
CSV_FIELDS = ("id", "section", "kind", "front", "back", "source_url", "source_title")
CARD_CSS = ".card { font-family: Roboto, Arial, sans-serif; font-size: 18px; text-align: left; }\n.source { font-size: 13px; margin-top: 1em; }\n"


def stable_id(name: str) -> int:
    """A fixed 31-bit id for an Anki model or deck, from its name."""
    return int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) >> 1


def absolute(url: str, site_url: str) -> str:
    return url if "://" in url else site_url.rstrip("/") + "/" + url


def epoch() -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    return int(value) if value and value.isdigit() else FIXED_EPOCH


def apkg_bytes(cards: list[Card], site_url: str) -> bytes:
    import genanki

    model = genanki.Model(
        stable_id("dva-guide-flashcard-model-v1"),
        "DVA-C02 guide card",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Section"}, {"name": "Source"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}<div class="source">{{Section}} · {{Source}}</div>',
            }
        ],
        css=CARD_CSS,
    )
    deck = genanki.Deck(stable_id("dva-guide-deck-v1"), DECK_TITLE)
    for c in cards:
        source = f'<a href="{escape(absolute(c.source_url, site_url))}">{escape(c.source_title)}</a>'
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[str(md_inline(c.front)), str(md_inline(c.back)), str(escape(c.section_title)), source],
                guid=genanki.guid_for("dva-guide", c.id),
                tags=[c.kind, c.section],
            )
        )
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(raw), timestamp=epoch())
        out = io.BytesIO()
        with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for name in sorted(src.namelist()):
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                dst.writestr(info, src.read(name))
    return out.getvalue()


def csv_text(cards: list[Card], site_url: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for c in cards:
        writer.writerow(
            [c.id, c.section, c.kind, plain(c.front), plain(c.back), absolute(c.source_url, site_url), c.source_title]
        )
    return out.getvalue()

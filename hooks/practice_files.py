"""The flashcard exports (event: on_files): downloads/<deck>.apkg (Anki) and downloads/<deck>.csv,
generated from the same cards as the flashcards page (macros/practice.py load_cards) and added
to the site as files, so `mkdocs serve` serves them and the build writes them. A card with an
empty side or no source stops the build there (macros/practice.py check_cards)."""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.practice import load_cards  # noqa: E402
from macros.practice_export import apkg_bytes, csv_text  # noqa: E402
from macros.practice_pages import DECK_NAME, DOWNLOADS  # noqa: E402


def on_files(files, config):
    cards = load_cards()
    site_url = config.site_url or ""
    for name, content in (
        (f"{DECK_NAME}.apkg", apkg_bytes(cards, site_url)),
        (f"{DECK_NAME}.csv", csv_text(cards, site_url)),
    ):
        files.append(File.generated(config, DOWNLOADS + name, content=content))
    return files

"""The mixed review's question files (event: on_files): assets/questions/<section>.<hash>.html,
one a section, each holding that section's questions rendered by the sheets' own template
(macros/quiz.py question_files()). The review page (review/index.md, `{{ mixed_review() }}`)
carries only their URLs; quiz.js fetches them when the reader starts, so the page's first load
stays small. A file's name carries a hash of its content: a cached page never meets another
version's questions. Links to other origins get rel="noopener noreferrer" here, as every page
gets it from hooks/markup_fixes.py."""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from markup_fixes import harden_links  # noqa: E402

from macros.quiz import question_files  # noqa: E402


def on_files(files, config):
    for qf in question_files(config.repo_url):
        # Escaped bank data and the template's markup only: no script may ride along.
        if "<script" in qf.html.lower():
            raise PluginError(
                f"{qf.path}: a question file holds a <script>.\n"
                "  Fix: keep scripts out of docs/_overrides/partials/guide/question.html and question-file.html."
            )
        files.append(File.generated(config, qf.path, content=harden_links(qf.html)))
    return files

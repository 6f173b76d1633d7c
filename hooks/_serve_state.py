"""What hooks/serve_reload.py remembers from one `mkdocs serve` rebuild to the next. MkDocs loads
the hooks afresh with every rebuild's config; this sibling module is imported once per process,
so its state survives. Not a hook itself (not listed in mkdocs.yml)."""

from __future__ import annotations

# "dirty_serve": True once `mkdocs serve --dirty` started; "inputs": the snapshot of the last
# build that succeeded (None: the next build is a full one); "texts": each page source's
# modification time then; "filter": the installed log filter; "bytecode": compiled theme templates.
STATE: dict = {"dirty_serve": False, "inputs": None, "texts": {}, "filter": None, "bytecode": {}}

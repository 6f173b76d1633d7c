"""The site's own stylesheets as one file (events: on_config, on_files).

mkdocs.yml lists seven stylesheets under extra_css (fonts, site, diagrams, quiz, print, a11y,
practice), one concern a file. A browser must download every stylesheet in <head> before it
paints anything, and on a phone each extra request costs a round trip: with Material's two and
print-site's two, a page waited for eleven. This hook joins ours, in their order, into
assets/css/site-bundle.<hash>.css and lists that one file in their place, so a page waits for
five. The sources stay as they are (edit them, never the bundle); the name carries a hash of
the content, so a cached page never meets another version's styles. The joined files keep their
relative url()s: they all live in assets/css/, as the bundle does.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

OWN = "assets/css/"
_state: dict[str, str] = {}


# After print-site (a plugin) has put its own stylesheets in front of ours.
@event_priority(-50)
def on_config(config):
    docs = Path(config.docs_dir)
    own = [path for path in config.extra_css if str(path).startswith(OWN)]
    if not own:
        return config
    parts = []
    for path in own:
        source = docs / str(path)
        if not source.is_file():
            raise PluginError(
                f"mkdocs.yml: extra_css names {path}, which is not in docs/.\n  Fix: restore the file or remove the line."
            )
        parts.append(f"/* {path} */\n" + source.read_text(encoding="utf-8").rstrip() + "\n")
    content = "\n".join(parts)
    name = f"{OWN}site-bundle.{hashlib.sha256(content.encode('utf-8')).hexdigest()[:10]}.css"
    first = config.extra_css.index(own[0])
    config.extra_css = (
        [p for p in config.extra_css[:first] if p not in own]
        + [name]
        + [p for p in config.extra_css[first:] if p not in own]
    )
    _state.clear()
    _state.update(name=name, content=content)
    return config


def on_files(files, config):
    if _state:
        files.append(File.generated(config, _state["name"], content=_state["content"]))
    return files

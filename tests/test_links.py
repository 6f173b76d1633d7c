"""Every link: internal links and anchors (lychee, offline), external links (https and in the
registry), and the online checker's behaviour against a local server."""

from __future__ import annotations

import http.server
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from macros.registry import load_registry
from scripts import linkcheck, linkcheck_online
from tests.support import read_mkdocs_config, read_page

# The site's own infrastructure, not study resources: the published site itself (canonical
# links), the repository (edit links, header) and the theme's credit link in the footer.
ALLOWED_EXTERNAL_PREFIXES = (
    read_mkdocs_config()["site_url"],
    read_mkdocs_config()["repo_url"],
    "https://squidfunk.github.io/mkdocs-material/",
)


def html_files(site: Path):
    return sorted(site.rglob("*.html"))


def test_no_broken_internal_links_anchors_or_images(built_site):
    problems = linkcheck.check_site(built_site)
    assert not problems, "\n".join(problems)


def test_lychee_does_catch_a_broken_anchor_and_a_missing_page(built_site, tmp_path):
    # Guard against a checker that silently checks nothing.
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "kms" / "index.html"
    page.write_text(
        page.read_text().replace(
            "</article>", '<a href="#no-such-heading">x</a><a href="../nowhere/">y</a></article>', 1
        )
    )
    problems = "\n".join(linkcheck.check_site(site))
    assert "no-such-heading" in problems
    assert "nowhere" in problems


def test_the_print_page_is_checked_too(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "print_page" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "</body>" in html
    page.write_text(html.replace("</body>", '<a href="#no-such-print-anchor">x</a></body>', 1), encoding="utf-8")
    problems = "\n".join(linkcheck.check_site(site))
    assert "print_page" in problems and "no-such-print-anchor" in problems, problems


def test_every_external_link_is_https_and_in_the_registry(built_site):
    registry = {r.url for r in load_registry().resources}
    bad = []
    for page in html_files(built_site):
        soup = read_page(page)
        for tag in soup.find_all(["a", "link", "script", "img", "iframe", "source"]):
            url = tag.get("href") or tag.get("src")
            if not url or not urlparse(url).scheme or url.startswith(("data:", "mailto:")):
                continue
            where = page.relative_to(built_site)
            if not url.startswith("https://"):
                bad.append(f"{where}: {url} is not https")
            elif url not in registry and not url.startswith(ALLOWED_EXTERNAL_PREFIXES):
                bad.append(f"{where}: {url} is not in docs/_data/resources.yml")
    assert not bad, "\n".join(sorted(set(bad)))


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        path = self.path
        if path.startswith("/ok"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body><h1 id='top'>ok</h1></body></html>")
        elif path.startswith("/moved"):
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.end_headers()
        elif path.startswith("/gone"):
            self.send_response(404)
            self.end_headers()
        elif path.startswith("/busy"):
            self.send_response(429)
            self.send_header("Retry-After", "1")
            self.end_headers()
        elif path.startswith("/broken"):
            self.send_response(500)
            self.end_headers()
        elif path.startswith("/hang"):
            time.sleep(8)

    do_HEAD = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.tools
def test_online_check_separates_dead_from_transient(local_server, tmp_path, capsys):
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join(f"{local_server}/{p}" for p in ("ok", "moved", "gone", "busy", "broken", "hang")))
    report = tmp_path / "report.md"
    status = linkcheck_online.main(
        [
            "--urls-file",
            str(urls),
            "--report",
            str(report),
            # The shortest waits that still time /hang out: no retry (its 2 s wait would only idle).
            "--timeout",
            "1",
            "--retries",
            "0",
            "--cache-dir",
            str(tmp_path / "cache"),
        ]
    )
    text = report.read_text()
    dead = text.split("## Dead")[1].split("## Transient")[0]
    transient = text.split("## Transient")[1].split("## Other")[0]
    assert status == 1  # a dead link fails the run
    assert "/gone" in dead and "404" in dead
    for path in ("/busy", "/broken", "/hang"):
        assert path in transient, path
    for path in ("/ok", "/moved"):
        assert path not in text, f"{path} should have passed"


@pytest.mark.tools
def test_online_check_passes_when_only_transient(local_server, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{local_server}/ok\n{local_server}/busy\n")
    status = linkcheck_online.main(
        [
            "--urls-file",
            str(urls),
            "--report",
            str(tmp_path / "r.md"),
            "--timeout",
            "2",
            "--retries",
            "0",
            "--cache-dir",
            str(tmp_path / "c"),
        ]
    )
    assert status == 0


def test_online_check_skips_fragments_only_on_aws_docs():
    assert (
        linkcheck_online.checkable("https://docs.aws.amazon.com/a/b.html#x") == "https://docs.aws.amazon.com/a/b.html"
    )
    assert linkcheck_online.checkable("https://example.org/a#x") == "https://example.org/a#x"

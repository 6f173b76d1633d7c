"""The currency watch (scripts/drift): offline, on two trimmed botocore data trees, a small guide,
a fixture facts file and a local HTTP server that plays the web (changed, gone, hanging, 429)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pydantic
import pytest

from scripts.drift import api, docs, facts, stale
from scripts.drift.botocore_src import ModelSet
from scripts.drift.cli import run
from scripts.drift.guide import Guide
from scripts.drift.report import Report

FIX = Path(__file__).parent / "fixtures" / "drift"
OLD = FIX / "models-old" / "botocore" / "data"
NEW = FIX / "models-new" / "botocore" / "data"
SERVICES = ("kms", "cognito-idp")
TODAY = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def guide() -> Guide:
    return Guide(FIX / "guide", FIX / "facts.yml")


@pytest.fixture(scope="module")
def items(guide):
    found, seen, problems = api.compare(SERVICES, OLD, NEW, guide)
    assert problems == []
    return {(i.kind, i.shape or i.operation, i.member or i.value): i for i in found}, seen


def refs(touches, kind="pages"):
    return {(r.path, r.line) for r in getattr(touches, kind)}


# ---- API models ---------------------------------------------------------------------------
def test_every_kind_of_change_is_found():
    from macros.api_models import load_service

    kinds = set()
    for service in SERVICES:
        kinds |= {
            c.kind for c in api.diff_service(service, load_service(service, str(OLD)), load_service(service, str(NEW)))
        }
    assert kinds == {
        "operation-added",
        "operation-removed",
        "shape-removed",
        "member-added",
        "enum-added",
        "enum-removed",
        "limit-changed",
        "default-changed",
    }


def test_member_removed_is_found_the_other_way_round():
    from macros.api_models import load_service

    changes = api.diff_service(
        "cognito-idp", load_service("cognito-idp", str(NEW)), load_service("cognito-idp", str(OLD))
    )
    assert any(c.kind == "member-removed" and c.member == "KeyConfiguration" for c in changes)


def test_new_member_maps_to_the_page_that_names_it(items):
    by, _ = items
    item = by[("member-added", "CreateUserPoolRequest", "KeyConfiguration")]
    assert item.match == "direct"
    assert ("docs/cognito/security.md", 7) in refs(item.touches)


def test_removed_operation_maps_to_page_and_question(items):
    by, _ = items
    item = by[("operation-removed", "RetireGrant", None)]
    assert ("docs/kms/index.md", 11) in refs(item.touches)  # written as kms:RetireGrant
    assert [q.question for q in item.touches.questions] == ["kms-q1"]


def test_enum_changes_map_to_pages_and_facts(items):
    by, _ = items
    removed = by[("enum-removed", "KeySpec", "RSA_2048")]
    assert removed.match == "direct" and ("docs/kms/index.md", 13) in refs(removed.touches)
    assert [f.fact for f in removed.touches.facts] == ["kms-rsa-2048"]
    added = by[("enum-added", "KeySpec", "ML_KEM_512")]
    assert ("docs/kms/index.md", 13) in refs(added.touches)  # the page names CreateKey and KeySpec


def test_limit_change_maps_to_page_example_and_fact(items):
    by, _ = items
    item = by[("limit-changed", "PlaintextType", "max")]
    assert (item.old, item.new) == (4096, 8192)
    assert ("docs/kms/index.md", 9) in refs(item.touches)  # "Encrypt" in the prose of a KMS page
    assert ("docs/kms/index.md", 15) in refs(item.touches)  # the page that renders the fact
    assert ("docs/_examples/kms_demo.py", 6) in refs(item.touches, "examples")
    assert [f.fact for f in item.touches.facts] == ["kms-encrypt-max"]


def test_documented_default_change(items):
    by, _ = items
    item = by[("default-changed", "EnableKeyRotationRequest", "RotationPeriodInDays")]
    assert (item.old, item.new) == (["365"], ["730"])
    assert ("docs/kms/index.md", 15) in refs(item.touches)
    assert [f.fact for f in item.touches.facts] == ["kms-rotation-default"]


def test_new_operation_of_a_taught_service_is_reported_on_its_pages(items):
    by, _ = items
    item = by[("operation-added", "GenerateRandom", None)]
    assert item.match == "taught-service"
    assert refs(item.touches) == {("docs/kms/index.md", 1)}


def test_changes_that_touch_nothing_are_left_out(items):
    by, seen = items
    assert ("member-added", "Tag", "TagValue") not in by  # "a Tag" in prose is a word
    assert not any(k[0] == "shape-removed" for k in by)  # nothing names RetireGrantRequest
    assert seen == 10 and len(by) == 7


def test_a_weak_name_counts_only_where_it_is_the_api(guide):
    on_kms = {w.path for w in guide.find("Encrypt", "kms", operation=True)}
    assert on_kms == {"docs/kms/index.md"}  # not the Cognito page, where "Encrypt" is a verb
    assert guide.find("Tag", "kms") == []
    assert guide.find("encrypt", "kms", snake=True)[0].path == "docs/_examples/kms_demo.py"


def test_documented_defaults_are_read_from_html():
    assert api.documented_defaults("<p>The default value is <code>SYMMETRIC_DEFAULT</code>.</p>") == [
        "SYMMETRIC_DEFAULT"
    ]
    assert api.documented_defaults("Defaults to 30. Minimum 7.") == ["30"]
    assert api.documented_defaults("No default here.") == []


# ---- facts --------------------------------------------------------------------------------
def test_facts_that_changed_or_no_longer_resolve(guide):
    part = facts.check(guide, OLD, NEW)
    assert part.status == "ok" and part.checked == 4
    got = {i.id: i for i in part.items}
    assert set(got) == {"kms-encrypt-max", "kms-rotation-default", "kms-rsa-2048"}
    assert (got["kms-encrypt-max"].status, got["kms-encrypt-max"].old, got["kms-encrypt-max"].new) == (
        "changed",
        4096,
        8192,
    )
    assert (got["kms-rotation-default"].old, got["kms-rotation-default"].new) == ("365", "730")
    assert got["kms-rsa-2048"].status == "unresolved" and "RSA_2048" in got["kms-rsa-2048"].message
    assert ("docs/kms/index.md", 15) in refs(got["kms-encrypt-max"].touches)


def test_a_missing_facts_file_is_reported_not_fatal(tmp_path):
    part = facts.check(Guide(FIX / "guide", tmp_path / "facts.yml"), OLD, NEW)
    assert part.status == "missing" and part.items == []


# ---- stale pages --------------------------------------------------------------------------
def test_stale_pages(guide):
    part = stale.check(guide, TODAY, ModelSet("2.0.0", NEW), lambda v: {"1.0.0": ModelSet("1.0.0", OLD)}[v])
    got = {(i.path, i.reason): i for i in part.items}
    assert got[("docs/kms/index.md", "checked-too-long-ago")].age_days == (TODAY - dt.date(2026, 1, 1)).days
    assert ("docs/cognito/security.md", "no-checked-date") in got
    older = got[("docs/kms/index.md", "older-botocore")]
    assert older.botocore == "1.0.0" and any("RSA_2048" in c for c in older.changes)
    assert not any("GenerateRandom" in c for c in older.changes)  # nobody names it yet


# ---- documentation: a local server plays the web -------------------------------------------
PAGE = "<html><body><nav>menu {n}</nav><div id='main-col-body'><h1>{title}</h1><p>{body}</p></div><footer>{n}</footer></body></html>"
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>History</title>
<item><title>Older change</title><link>https://docs.example.com/a.html</link><pubDate>Sat, 01 Nov 2026 00:00:00 GMT</pubDate><guid>a</guid></item>
<item><title>New key spec</title><link>https://docs.example.com/b.html</link><pubDate>Fri, 20 Nov 2026 00:00:00 GMT</pubDate><guid>b</guid><description>&lt;p&gt;ML-KEM keys&lt;/p&gt;</description></item>
<item><title>Newest change</title><link>https://docs.example.com/c.html</link><pubDate>Sat, 28 Nov 2026 00:00:00 GMT</pubDate><guid>c</guid></item>
</channel></rss>"""


class Web(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}
    in_flight = 0
    max_in_flight = 0
    lock = threading.Lock()

    def log_message(self, *args):  # quiet
        pass

    def _send(self, code: int, body: str, headers: dict | None = None):
        data = body.encode()
        self.send_response(code)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client timed out first: expected
            pass

    def do_GET(self):
        with Web.lock:
            Web.hits[self.path] = Web.hits.get(self.path, 0) + 1
            n = Web.hits[self.path]
            Web.in_flight += 1
            Web.max_in_flight = max(Web.max_in_flight, Web.in_flight)
        try:
            self._route(n)
        finally:
            with Web.lock:
                Web.in_flight -= 1

    def _route(self, n: int):
        p = self.path
        if p == "/hang.html":
            time.sleep(0.8)
            try:
                return self._send(200, "late")
            except (BrokenPipeError, ConnectionResetError):
                return None
        if p.startswith("/slow"):
            time.sleep(0.15)
        if p == "/gone.html":
            return self._send(404, "not here")
        if p == "/busy.html":
            return self._send(429, "slow down", {"Retry-After": "0"})
        if p == "/busy-once.html" and n == 1:
            return self._send(503, "try again")
        if p == "/feed.rss":
            return self._send(200, FEED, {"Content-Type": "application/rss+xml"})
        if p == "/changes.html":
            return self._send(200, PAGE.format(n=n, title="Changes", body="The limit is now 8192 bytes."))
        return self._send(
            200, PAGE.format(n=n, title="Stable", body=f"Stable text of {p}."), {"Content-Type": "text/html"}
        )


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Web)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def web(server):
    Web.hits, Web.in_flight, Web.max_in_flight = {}, 0, 0
    return server


def fetcher(base: str, **kw) -> docs.Fetcher:
    polite = docs.Politeness(
        **{
            "per_host": 2,
            "interval": 0.0,
            "timeout": 0.25,
            "retries": 2,
            "backoff": 0.02,
            "host_failures": 100,
            "workers": 8,
            **kw,
        }
    )
    return docs.Fetcher(polite, resolve=lambda url: url.replace("https://docs.example.com", base))


def stable_fp(path: str) -> str:
    return docs.fingerprint(docs.main_text(PAGE.format(n=0, title="Stable", body=f"Stable text of {path}.")))


def make_lock(folder: Path) -> Path:
    pages = {f"toc-{n:02d}": {"url": "", "sha256": stable_fp(f"/toc-{n:02d}.html")} for n in range(1, 23)}
    pages |= {
        "page-same": {"sha256": stable_fp("/same.html")},
        "page-changes": {"sha256": hashlib.sha256(b"old").hexdigest()},
        "page-gone": {"sha256": "x"},
        "page-hang": {"sha256": "y"},
        "page-busy": {"sha256": "z"},
        "page-busy-once": {"sha256": stable_fp("/busy-once.html")},
    }
    path = folder / "sources.lock.json"
    docs.write_lock(
        path,
        {
            "accepted": "2026-11-10",
            "pages": pages,
            "feeds": {"kms-feed": {"latest": "2026-11-10T00:00:00+00:00", "guids": ["a"]}},
        },
    )
    return path


@pytest.fixture()
def lock(tmp_path) -> Path:
    return make_lock(tmp_path)


@pytest.fixture(scope="module")
def checked(guide, server, tmp_path_factory):
    """One documentation check against the local server, read by the tests below."""
    Web.hits = {}
    result = docs.check(guide, make_lock(tmp_path_factory.mktemp("lock")), fetcher(server), TODAY)
    return result, dict(Web.hits)


def test_pages_changed_gone_unreachable_unchanged_new(checked):
    result, hits = checked
    st = {p.id: p for p in result.part.pages}
    assert st["page-same"].status == "unchanged"  # the menu and footer changed, the main text did not
    assert st["page-changes"].status == "changed"
    assert st["page-gone"].status == "gone" and st["page-gone"].http_status == 404
    assert st["page-hang"].status == "unreachable" and "timed out" in st["page-hang"].message
    assert st["page-busy"].status == "unreachable" and st["page-busy"].http_status == 429
    assert st["page-busy-once"].status == "unchanged"  # a 503, then the page: retried
    assert st["page-new"].status == "new"
    assert result.part.counts == {
        "changed": 1,
        "gone": 1,
        "new": 1,
        "unchanged": 24,
        "unreachable": 2,
        "feed-entries": 2,
        "feeds-unreachable": 0,
    }
    # each page says who cites it: a page line, a question, a fact
    cited = {(c.path, c.line, c.question or c.fact) for c in st["page-changes"].cited_by}
    assert ("docs/kms/index.md", 9, None) in cited
    assert ("docs/_data/questions/kms.yml", 7, "kms-q1") in cited
    assert any(c[2] == "kms-encrypt-max" for c in cited)
    assert ("docs/kms/index.md", 17, None) in {(c.path, c.line, c.question) for c in st["page-gone"].cited_by}
    assert hits["/busy.html"] == 2 and hits["/gone.html"] == 1  # retried 429, not 404


def test_feed_lists_entries_newer_than_the_lock(checked):
    feed = checked[0].part.feeds[0]
    assert feed.status == "new-entries"
    assert [(e.date, e.title) for e in feed.entries] == [
        ("2026-11-28", "Newest change"),
        ("2026-11-20", "New key spec"),
    ]
    assert feed.entries[1].summary == "ML-KEM keys"


def test_per_host_limit_is_kept(web):
    f = fetcher(web, per_host=2)
    got = f.get_many([f"https://docs.example.com/slow-{i}.html" for i in range(8)])
    assert all(g.ok for g in got.values())
    assert Web.max_in_flight <= 2


def test_a_dead_host_is_given_up_after_a_few_failures():
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    f = docs.Fetcher(
        docs.Politeness(per_host=1, interval=0, timeout=0.5, retries=2, backoff=0.01, host_failures=2, workers=1)
    )
    got = f.get_many([f"http://127.0.0.1:{port}/{i}" for i in range(5)])
    assert not any(g.ok for g in got.values())
    assert sum("not tried" in g.message for g in got.values()) >= 3


# ---- the whole run, the schema, and accept ------------------------------------------------
def models_of(version):
    return {"1.0.0": ModelSet("1.0.0", OLD), "2.0.0": ModelSet("2.0.0", NEW)}[version]


def test_report_json_follows_the_schema_and_accept_updates_the_lock(tmp_path, web, lock):
    root = tmp_path / "guide"
    shutil.copytree(FIX / "guide", root)
    out = tmp_path / "report"
    args = [
        "--root",
        str(root),
        "--facts",
        str(FIX / "facts.yml"),
        "--lock",
        str(lock),
        "--out",
        str(out),
        "--from",
        "1.0.0",
        "--to",
        "2.0.0",
        "--docs",
        "on",
        "--today",
        TODAY.isoformat(),
    ]
    run(args, models_of=models_of, fetcher=fetcher(web))
    report = Report.model_validate_json((out / "drift.json").read_text())
    assert report.changes_found and report.since == "2026-11-10"
    assert report.api.status == "ok" and len(report.api.items) == 7
    md = (out / "drift.md").read_text()
    assert md.startswith("# AWS changes since 2026-11-10")
    assert "CreateUserPoolRequest has a new member KeyConfiguration" in md and "docs/cognito/security.md:7" in md
    assert "TagValue" not in md
    # the schema refuses a report that lost a part or gained an unknown field
    data = json.loads((out / "drift.json").read_text())
    with pytest.raises(pydantic.ValidationError):
        Report.model_validate({**data, "surprise": 1})
    with pytest.raises(pydantic.ValidationError):
        Report.model_validate({k: v for k, v in data.items() if k != "facts"})

    run(["accept", *args], models_of=models_of, fetcher=fetcher(web))
    locked = json.loads(lock.read_text())
    assert locked["accepted"] == TODAY.isoformat()
    assert locked["pages"]["page-changes"]["sha256"] == next(
        p.fingerprint for p in report.docs.pages if p.id == "page-changes"
    )
    assert "page-gone" not in locked["pages"] and locked["pages"]["page-hang"] == {"sha256": "y"}  # unreachable: kept
    assert locked["feeds"]["kms-feed"]["latest"].startswith("2026-11-28")

    again = run(args, models_of=models_of, fetcher=fetcher(web)).docs
    assert again.counts["changed"] == 0 and again.counts["new"] == 0 and again.counts["feed-entries"] == 0


def test_nothing_found_when_the_releases_are_the_same(tmp_path):
    root = tmp_path / "guide"
    shutil.copytree(FIX / "guide", root)
    for page in ("kms/index.md", "cognito/security.md"):  # freshly checked pages
        p = root / "docs" / page
        p.write_text(
            p.read_text()
            .replace("checked: 2026-01-01\nbotocore: 1.0.0\n", "")
            .replace("---\n", f"---\nchecked: {TODAY}\n", 1)
        )
    report = run(
        [
            "--root",
            str(root),
            "--facts",
            str(FIX / "facts.yml"),
            "--out",
            str(tmp_path / "r"),
            "--from",
            "1.0.0",
            "--to",
            "1.0.0",
            "--today",
            TODAY.isoformat(),
        ],
        models_of=models_of,
    )
    assert report.api.status == "same-release" and report.docs.status == "skipped"
    assert report.stale.items == [] and report.facts.items == []
    assert report.changes_found is False


def test_accept_moves_a_pages_checked_date_only_when_every_cited_source_was_fetched(tmp_path):
    from scripts.drift import confirm

    root = tmp_path / "guide"
    shutil.copytree(FIX / "guide", root)
    guide = Guide(root, FIX / "facts.yml")
    pages = confirm.sources_by_page(guide)
    assert pages["docs/kms/index.md"] >= {"page-changes"} and pages["docs/cognito/security.md"] >= {"page-same"}
    # The KMS page's source answered; the Cognito page's did not.
    statuses = {rid: "unchanged" for rids in pages.values() for rid in rids} | {"page-same": "unreachable"}
    day = dt.date(2027, 1, 15)
    confirmed, kept = confirm.confirm_pages(guide, statuses, day, "9.9.9")
    assert confirmed == ["docs/kms/index.md"] and kept == ["docs/cognito/security.md"]
    kms = (root / "docs/kms/index.md").read_text()
    assert "checked: 2027-01-15" in kms and "botocore: 9.9.9" in kms and kms.startswith("---\n")
    assert "2027-01-15" not in (root / "docs/cognito/security.md").read_text()


def test_front_matter_keys_are_replaced_or_added():
    from scripts.drift.confirm import set_front_matter

    page = "---\ntitle: T\nchecked: 2026-01-01\n---\n\n# T\n"
    assert set_front_matter(page, "checked", "2027-01-15") == "---\ntitle: T\nchecked: 2027-01-15\n---\n\n# T\n"
    assert (
        set_front_matter(page, "botocore", "1.2.3")
        == "---\ntitle: T\nchecked: 2026-01-01\nbotocore: 1.2.3\n---\n\n# T\n"
    )

"""Documentation drift: the registry's pages and the AWS guides' document-history feeds.

Every registry URL is fetched politely (per-host concurrency and spacing, a timeout, retries with
backoff on 429/5xx and network errors, honouring Retry-After, and a per-host breaker that stops
after a host fails several times in a row), reduced to its main text, and fingerprinted. The
fingerprints of the last reviewed state live in docs/_data/sources.lock.json; `make drift-accept`
rewrites that file, so a review lands in a pull request as a diff.

Registry rows whose URL ends in `.rss` are feeds: their entries newer than the lock's are listed.
Each page ends up in one of: changed, gone (404/410), new (not in the lock yet), unchanged,
unreachable (network error, timeout, 429/5xx after retries, other HTTP errors).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import random
import threading
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import requests
from bs4 import BeautifulSoup

from .api import _touches
from .guide import Guide
from .report import DocsPart, FeedEntry, FeedResult, PageResult

LOCK_NAME = "sources.lock.json"
USER_AGENT = "kms-cognito-guide-drift/1 (+weekly check of cited pages; one request at a time per host)"
RETRY_STATUS = {429, 500, 502, 503, 504}
GONE_STATUS = {404, 410}
MAIN_SELECTORS = ("#main-col-body", "main", "[role=main]", "article", "#main-content", "body")
DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "svg",
    "button",
    "template",
    "iframe",
)
KEEP_GUIDS = 200


@dataclass
class Fetched:
    ok: bool
    gone: bool = False
    http_status: int | None = None
    text: str = ""
    final_url: str | None = None
    message: str | None = None


@dataclass
class Politeness:
    per_host: int = 2  # requests in flight to one host
    interval: float = 0.5  # seconds between request starts to one host
    timeout: float = 15.0  # seconds for connect and for each read
    retries: int = 3  # tries in all, for 429, 5xx and network errors
    backoff: float = 2.0  # seconds; doubled after each try, plus jitter
    max_wait: float = 60.0  # the longest Retry-After we honour
    host_failures: int = 4  # network failures in a row after which a host is given up
    workers: int = 8


class Fetcher:
    """`resolve` maps a registry URL to the address actually fetched (tests: a local server)."""

    def __init__(self, polite: Politeness | None = None, resolve: Callable[[str], str] | None = None):
        self.p = polite or Politeness()
        self.resolve = resolve or (lambda url: url)
        self._lock = threading.Lock()
        self._sems: dict[str, threading.Semaphore] = {}
        self._next: dict[str, float] = {}
        self._fails: dict[str, int] = {}

    def _slot(self, host: str) -> threading.Semaphore:
        with self._lock:
            return self._sems.setdefault(host, threading.Semaphore(self.p.per_host))

    def _space(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.p.interval
        if start > now:
            time.sleep(start - now)

    def _host_down(self, host: str) -> bool:
        with self._lock:
            return self._fails.get(host, 0) >= self.p.host_failures

    def _record(self, host: str, network_failure: bool) -> None:
        with self._lock:
            self._fails[host] = self._fails.get(host, 0) + 1 if network_failure else 0

    def get(self, registry_url: str) -> Fetched:
        url = self.resolve(registry_url)
        host = urlsplit(url).netloc
        last = None
        for attempt in range(self.p.retries):
            if self._host_down(host):
                why = f"; last: {last}" if last else ""
                return Fetched(False, message=f"not tried: {host} failed {self.p.host_failures} times in a row{why}")
            wait = self.p.backoff * (2**attempt) * (1 + random.random() / 4)
            with self._slot(host):
                self._space(host)
                try:
                    r = requests.get(
                        url, timeout=self.p.timeout, headers={"User-Agent": USER_AGENT}, allow_redirects=True
                    )
                except requests.Timeout:
                    self._record(host, True)
                    last = f"timed out after {self.p.timeout:g} s"
                except requests.RequestException as exc:
                    self._record(host, True)
                    last = f"network error: {type(exc).__name__}"
                else:
                    self._record(host, False)
                    if r.status_code < 400:
                        r.encoding = r.encoding or r.apparent_encoding
                        final = registry_url if r.url == url else r.url
                        return Fetched(True, http_status=r.status_code, text=r.text, final_url=final)
                    if r.status_code in GONE_STATUS:
                        return Fetched(False, gone=True, http_status=r.status_code, message=f"HTTP {r.status_code}")
                    if r.status_code not in RETRY_STATUS:
                        return Fetched(False, http_status=r.status_code, message=f"HTTP {r.status_code}")
                    last = f"HTTP {r.status_code}"
                    after = r.headers.get("Retry-After", "")
                    if after.isdigit():
                        wait = float(after)
                    if wait > self.p.max_wait:
                        return Fetched(
                            False,
                            http_status=r.status_code,
                            message=f"HTTP {r.status_code}; Retry-After {after} s is too long",
                        )
            if attempt + 1 < self.p.retries:
                time.sleep(min(wait, self.p.max_wait))
        status = int(last[5:]) if last.startswith("HTTP ") else None
        return Fetched(False, http_status=status, message=f"{last} ({self.p.retries} tries)")

    def get_many(self, urls: list[str]) -> dict[str, Fetched]:
        with ThreadPoolExecutor(max_workers=self.p.workers) as pool:
            return dict(zip(urls, pool.map(self.get, urls)))


def main_text(html: str) -> str:
    """The words of a page's main content, on one line: what a reader reads, not the chrome."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(DROP_TAGS):
        tag.decompose()
    node = next((n for sel in MAIN_SELECTORS if (n := soup.select_one(sel)) is not None), soup)
    return " ".join(node.get_text(" ").split())


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---- feeds -------------------------------------------------------------------------------
def _date(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    text = text.strip()
    try:
        d = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        try:
            d = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    return d if d.tzinfo else d.replace(tzinfo=dt.timezone.utc)


def parse_feed(xml: str) -> list[dict[str, Any]]:
    """RSS 2.0 items or Atom entries: title, link, date (aware datetime or None), guid, summary."""
    root = ET.fromstring(xml)
    atom = "{http://www.w3.org/2005/Atom}"
    out = []
    for item in root.iter("item"):
        link = (item.findtext("link") or "").strip() or None
        out.append(
            {
                "title": (item.findtext("title") or "").strip(),
                "link": link,
                "date": _date(item.findtext("pubDate")),
                "guid": (item.findtext("guid") or link or item.findtext("title") or "").strip(),
                "summary": " ".join(
                    BeautifulSoup(item.findtext("description") or "", "html.parser").get_text(" ").split()
                )[:300]
                or None,
            }
        )
    for entry in root.iter(f"{atom}entry"):
        link_el = entry.find(f"{atom}link")
        link = link_el.get("href") if link_el is not None else None
        out.append(
            {
                "title": (entry.findtext(f"{atom}title") or "").strip(),
                "link": link,
                "date": _date(entry.findtext(f"{atom}updated") or entry.findtext(f"{atom}published")),
                "guid": (entry.findtext(f"{atom}id") or link or "").strip(),
                "summary": (entry.findtext(f"{atom}summary") or "").strip()[:300] or None,
            }
        )
    return out


def feed_result(
    rid: str, url: str, got: Fetched, locked: dict[str, Any] | None
) -> tuple[FeedResult, dict[str, Any] | None]:
    """The feed's report row, and what the lock would record for it now."""
    if not got.ok:
        status = "gone" if got.gone else "unreachable"
        return FeedResult(id=rid, url=url, status=status, message=got.message), None
    try:
        entries = parse_feed(got.text)
    except ET.ParseError as exc:
        return FeedResult(id=rid, url=url, status="unreachable", message=f"not a feed: {exc}"), None
    dated = [e["date"] for e in entries if e["date"]]
    latest = max(dated) if dated else None
    state = {
        "url": url,
        "latest": latest.isoformat() if latest else None,
        "guids": sorted({e["guid"] for e in entries if e["guid"]})[-KEEP_GUIDS:],
    }
    if not locked:
        return FeedResult(
            id=rid,
            url=url,
            status="baseline",
            latest=state["latest"],
            message=f"first run: {len(entries)} entries; `make drift-accept` records them as seen",
        ), state
    since = _date(locked.get("latest"))
    seen = set(locked.get("guids", []))
    new = [e for e in entries if (e["date"] > since if (e["date"] and since) else e["guid"] not in seen)]
    new.sort(key=lambda e: e["date"] or dt.datetime.min.replace(tzinfo=dt.timezone.utc), reverse=True)
    rows = [
        FeedEntry(
            title=e["title"],
            date=e["date"].date().isoformat() if e["date"] else None,
            link=e["link"],
            summary=e["summary"],
        )
        for e in new
    ]
    return FeedResult(
        id=rid, url=url, status="new-entries" if rows else "no-new-entries", entries=rows, latest=state["latest"]
    ), state


# ---- the lock file -----------------------------------------------------------------------
def read_lock(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"accepted": None, "pages": {}, "feeds": {}}
    data = json.loads(path.read_text(encoding="utf-8"))
    data.setdefault("pages", {})
    data.setdefault("feeds", {})
    return data


def write_lock(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


@dataclass
class DocsRun:
    part: DocsPart
    lock_now: dict[str, Any] = field(default_factory=dict)  # what `accept` writes


def check(guide: Guide, lock_path: Path, fetcher: Fetcher, today: dt.date) -> DocsRun:
    lock = read_lock(lock_path)
    resources = guide.registry.resources
    feeds = [r for r in resources if r.url.endswith(".rss")]
    pages = [r for r in resources if not r.url.endswith(".rss")]
    got = fetcher.get_many(list(dict.fromkeys(r.url for r in resources)))
    new_lock: dict[str, Any] = {"accepted": today.isoformat(), "pages": {}, "feeds": {}}
    part = DocsPart(status="ok", since=lock.get("accepted"))
    for r in feeds:
        row, state = feed_result(r.id, r.url, got[r.url], lock["feeds"].get(r.id))
        part.feeds.append(row)
        new_lock["feeds"][r.id] = state if state else lock["feeds"].get(r.id)
    for r in pages:
        f = got[r.url]
        locked = lock["pages"].get(r.id)
        cited = _touches(guide.cites.get(r.id, []))
        cited_by = cited.pages + cited.questions + cited.facts
        moved = f.final_url if f.final_url and f.final_url != r.url else None
        if f.gone:
            row = PageResult(
                id=r.id,
                url=r.url,
                status="gone",
                http_status=f.http_status,
                final_url=moved,
                locked=(locked or {}).get("sha256"),
                message=f.message,
                cited_by=cited_by,
            )
            new_lock["pages"][r.id] = None
        elif not f.ok:
            row = PageResult(
                id=r.id,
                url=r.url,
                status="unreachable",
                http_status=f.http_status,
                locked=(locked or {}).get("sha256"),
                message=f.message,
                cited_by=cited_by,
            )
            new_lock["pages"][r.id] = locked
        else:
            text = main_text(f.text)
            fp = fingerprint(text)
            status = "new" if not locked else ("unchanged" if locked.get("sha256") == fp else "changed")
            note = f"redirected to {moved}" if moved else None
            row = PageResult(
                id=r.id,
                url=r.url,
                status=status,
                http_status=f.http_status,
                final_url=moved,
                fingerprint=fp,
                locked=(locked or {}).get("sha256"),
                chars=len(text),
                message=note,
                cited_by=cited_by,
            )
            new_lock["pages"][r.id] = {"url": r.url, "sha256": fp, "chars": len(text), "seen": today.isoformat()}
        part.pages.append(row)
    new_lock["pages"] = {k: v for k, v in new_lock["pages"].items() if v}
    new_lock["feeds"] = {k: v for k, v in new_lock["feeds"].items() if v}
    for key in ("changed", "gone", "new", "unchanged", "unreachable"):
        part.counts[key] = sum(p.status == key for p in part.pages)
    part.counts["feed-entries"] = sum(len(f.entries) for f in part.feeds)
    part.counts["feeds-unreachable"] = sum(f.status in ("unreachable", "gone") for f in part.feeds)
    # The order people read: what changed first.
    order = {"changed": 0, "gone": 1, "unreachable": 2, "new": 3, "unchanged": 4}
    part.pages.sort(key=lambda p: order[p.status])
    return DocsRun(part, new_lock)

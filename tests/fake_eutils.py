"""A fake NCBI E-utilities server on 127.0.0.1, for fetcher tests that never reach NCBI.

It serves ``esearch.fcgi`` (history server, retstart/retmax, mindate/maxdate/datetype,
and PubMed's 9,999-record cap) and ``efetch.fcgi`` (by id list, GET or POST, or by
WebEnv + query_key + retstart/retmax) for ``db=pubmed`` from an in-memory corpus.

The corpus (``fake_eutils_corpus``) holds REAL recorded PubMed records and, for scale,
SYNTHETIC records that say so. Which records a query matches is declared by the test
(``corpus.match(term, pmids)``); an unknown query gets PubMed's "phrase not found" reply.

Faults are injected per request: HTTP statuses (429 with Retry-After, 5xx), a reset or
closed connection, a slow reply, a truncated body, an ``<ERROR>`` reply. Every request
is logged with its arrival time (``time.monotonic``) so tests can check the rate.
"""

from __future__ import annotations

import datetime as dt
import itertools
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

from fake_eutils_corpus import (  # noqa: F401  (re-exported: tests import Entry from here)
    REAL_FILES,
    ROOT,
    SYNTHETIC_FIRST_PMID,
    Corpus,
    Entry,
    element_date,
    real_entries,
    synthetic_entry,
)

CAP = 9999
ESEARCH_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC '
    b'"-//NLM//DTD esearch 20060628//EN" '
    b'"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
)
EFETCH_HEAD = (
    b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, '
    b'1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)
CAP_ERROR = (
    "Search Backend failed: Exception:\n'retstart' cannot be larger than 9998. For PubMed, "
    "ESearch can only retrieve the first 9,999 records matching the query."
)


@dataclass
class Fault:
    """A failure to inject into the next `times` requests to `cgi` (None: any)."""

    kind: str  # status | reset | close | slow | truncate | short | error
    times: int = 1
    cgi: str | None = None
    status: int = 503
    retry_after: float | None = None
    delay: float = 5.0
    message: str = "Search Backend failed: simulated"


@dataclass
class Logged:
    """One request as the server saw it."""

    at: float
    cgi: str
    params: dict[str, str]
    fault: str | None = None


@dataclass
class FakeEutils:
    """The server; start() it, point EUTILS_BASE_URL at base_url, stop() it."""

    corpus: Corpus = field(default_factory=Corpus)
    faults: list[Fault] = field(default_factory=list)
    requests: list[Logged] = field(default_factory=list)
    chaos_every: int = 0
    chaos_kinds: list[Fault] = field(default_factory=list)
    enforce_rate: int | None = None  # reply 429 past this many requests a second, as NCBI does
    histories: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        self.counter = itertools.count(1)  # numbers requests, for chaos only
        self.webenvs = itertools.count(1)  # names histories, so chaos slots never shift
        self.server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        """What EUTILS_BASE_URL should be."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/entrez/eutils/"

    def start(self) -> FakeEutils:
        """Listen on a free loopback port in a background thread."""
        fake = self

        class Handler(EutilsHandler):
            owner = fake

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def inject(self, kind: str, **options) -> None:
        """Queue a fault for the next matching request(s)."""
        with self.lock:
            self.faults.append(Fault(kind, **options))

    def chaos(self, every: int, faults: list[Fault]) -> None:
        """Every `every`-th request from now on gets the next of `faults`, in rotation (the
        count restarts here, so which request gets which fault never depends on how many
        requests earlier tests sharing this server happened to make)."""
        with self.lock:
            self.counter = itertools.count(1)
            self.chaos_every, self.chaos_kinds = every, list(faults)

    def calls(self, cgi: str) -> list[Logged]:
        """The logged requests to one endpoint ('esearch' or 'efetch')."""
        return [r for r in self.requests if r.cgi == cgi]

    def reset_log(self) -> None:
        """Forget the requests so far."""
        with self.lock:
            self.requests.clear()

    def pick_fault(self, cgi: str) -> Fault | None:
        """The fault for this request, if any, and log it."""
        with self.lock:
            number = next(self.counter)
            for fault in self.faults:
                if fault.cgi in (None, cgi) and fault.times > 0:
                    fault.times -= 1
                    if fault.times == 0:
                        self.faults.remove(fault)
                    return fault
            if self.chaos_every and number % self.chaos_every == 0 and self.chaos_kinds:
                fault = self.chaos_kinds[(number // self.chaos_every) % len(self.chaos_kinds)]
                if fault.cgi in (None, cgi):
                    return fault
        return None

    def over_rate(self, now: float) -> bool:
        """Whether NCBI would refuse this request for exceeding the rate limit."""
        if not self.enforce_rate:
            return False
        recent = [r for r in self.requests if now - r.at < 1.0]
        return len(recent) > self.enforce_rate


def day(text: str | None) -> dt.date | None:
    """PubMed's YYYY, YYYY/MM or YYYY/MM/DD."""
    if not text:
        return None
    parts = [int(p) for p in text.replace("-", "/").split("/")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


class EutilsHandler(BaseHTTPRequestHandler):
    """esearch and efetch over HTTP/1.0, one request per connection."""

    owner: FakeEutils

    def log_message(self, *args) -> None:  # keep test output quiet
        """Silence the default stderr logging."""

    def do_GET(self) -> None:
        """A GET with the parameters in the query string."""
        self.handle_params(parse_qs(urlsplit(self.path).query))

    def do_POST(self) -> None:
        """A POST with form-encoded parameters (Biopython posts long id lists)."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        self.handle_params(parse_qs(body) | parse_qs(urlsplit(self.path).query))

    def handle_params(self, raw: dict[str, list[str]]) -> None:
        """Log, maybe fail, then answer."""
        params = {k: v[-1] for k, v in raw.items()}
        cgi = urlsplit(self.path).path.rsplit("/", 1)[-1].removesuffix(".fcgi")
        owner = self.owner
        now = time.monotonic()
        fault = owner.pick_fault(cgi)
        with owner.lock:
            limited = owner.over_rate(now)
            owner.requests.append(
                Logged(now, cgi, params, "rate" if limited else fault and fault.kind)
            )
        if limited:
            body = b'{"error":"API rate limit exceeded","count":"4"}'
            return self.reply(
                body, status=429, ctype="application/json", headers={"Retry-After": "1"}
            )
        if fault and fault.kind == "slow":
            time.sleep(fault.delay)
        elif fault and fault.kind not in ("truncate", "short"):
            return self.fail(fault, cgi)
        if cgi == "esearch":
            body = self.esearch(params)
        elif cgi == "efetch":
            body = self.efetch(params)
        else:
            return self.reply(b"unknown endpoint", status=404, ctype="text/plain")
        if fault and fault.kind in ("truncate", "short"):
            return self.cut(body, short=fault.kind == "short")
        self.reply(body)

    def reply(
        self, body: bytes, status: int = 200, ctype: str = "text/xml", headers=None, length=True
    ) -> None:
        """Send a whole response."""
        self.send_response(status)
        self.send_header("Content-Type", f"{ctype}; charset=UTF-8")
        if length:
            self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def fail(self, fault: Fault, cgi: str) -> None:
        """Misbehave as asked."""
        if fault.kind == "status":
            headers = (
                {"Retry-After": f"{fault.retry_after:g}"} if fault.retry_after is not None else {}
            )
            return self.reply(
                b"<html>Service unavailable</html>", fault.status, "text/html", headers
            )
        if fault.kind in ("reset", "close"):
            if fault.kind == "reset":  # RST instead of FIN
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
            self.close_connection = True
            self.connection.close()
            return None
        if fault.kind == "error":
            root = b"eSearchResult" if cgi == "esearch" else b"eFetchResult"
            body = ESEARCH_HEAD if cgi == "esearch" else b'<?xml version="1.0" ?>\n'
            body += b"<%s><ERROR>%s</ERROR></%s>" % (root, escape(fault.message).encode(), root)
            return self.reply(body)
        raise ValueError(f"unknown fault {fault.kind!r}")

    def cut(self, body: bytes, short: bool) -> None:
        """Send half the body and hang up; `short` also promises the whole length."""
        half = body[: max(len(body) // 2, 1)]
        if short:
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(half)
        else:
            self.reply(half, length=False)
        self.close_connection = True

    def esearch(self, params: dict[str, str]) -> bytes:
        """An esearch reply, capped at 9,999 ids like PubMed's."""
        owner, corpus = self.owner, self.owner.corpus
        term = params.get("term", "")
        if not term.strip():
            return (
                ESEARCH_HEAD
                + b"<eSearchResult><ERROR>Empty term and query_key - nothing todo</ERROR></eSearchResult>"
            )
        low, high = day(params.get("mindate")), day(params.get("maxdate"))
        datetype = params.get("datetype", "pdat")
        ids = corpus.search(term, datetype, low, high)
        retstart, retmax = int(params.get("retstart", 0)), int(params.get("retmax", 20))
        if retstart > CAP - 1:
            return (
                ESEARCH_HEAD
                + b"<eSearchResult><ERROR>%s</ERROR></eSearchResult>" % escape(CAP_ERROR).encode()
            )
        page = ids[retstart : min(retstart + min(retmax, CAP), CAP)]
        history = b""
        if params.get("usehistory") == "y":
            webenv = f"MCID_fake{next(owner.webenvs)}"
            with owner.lock:
                owner.histories[webenv] = ids
            history = b"<QueryKey>1</QueryKey><WebEnv>%s</WebEnv>" % webenv.encode()
        translation = escape(term) + (
            f" AND {params['mindate']}:{params['maxdate']}[{datetype}]" if low and high else ""
        )
        errors = b""
        if term not in corpus.queries:
            errors = (
                b"<ErrorList><PhraseNotFound>%s</PhraseNotFound></ErrorList>"
                % escape(term).encode()
            )
        id_list = b"".join(b"<Id>%d</Id>\n" % i for i in page)
        return ESEARCH_HEAD + (
            b"<eSearchResult><Count>%d</Count><RetMax>%d</RetMax><RetStart>%d</RetStart>%s"
            b"<IdList>\n%s</IdList><TranslationSet/><QueryTranslation>%s</QueryTranslation>%s"
            b"</eSearchResult>"
        ) % (len(ids), len(page), retstart, history, id_list, translation.encode(), errors)

    def efetch(self, params: dict[str, str]) -> bytes:
        """PubMed XML for an id list or a window of a kept search."""
        owner = self.owner
        if "id" in params:
            ids = [int(i) for i in params["id"].split(",") if i.strip()]
        else:
            ids = owner.histories.get(params.get("WebEnv", ""))
            if ids is None:
                return b'<?xml version="1.0" ?>\n<eFetchResult><ERROR>Unable to obtain query #1</ERROR></eFetchResult>'
            retstart, retmax = int(params.get("retstart", 0)), int(params.get("retmax", 20))
            if retstart > CAP - 1:
                return (
                    b'<?xml version="1.0" ?>\n<eFetchResult><ERROR>%s</ERROR></eFetchResult>'
                    % escape(CAP_ERROR).encode()
                )
            ids = ids[retstart : min(retstart + retmax, CAP)]
        with owner.corpus.lock:
            parts = [owner.corpus.entries[i].xml for i in ids if i in owner.corpus.entries]
        return (
            EFETCH_HEAD + b"<PubmedArticleSet>\n" + b"\n".join(parts) + b"\n</PubmedArticleSet>\n"
        )

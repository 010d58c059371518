"""A loopback stand-in for ClinicalTrials.gov API v2 `GET /api/v2/studies`, with faults.

It pages its studies with opaque nextPageToken values, insists (like the real API)
that later pages repeat the first page's parameters, honours the one filter the
fetcher sends (AREA[LastUpdatePostDate]RANGE[day,MAX]) and records every request.
Faults are scripted per page number (1-based), consumed one per request:
"429" (Retry-After given by `retry_after`), "500", "503", "400", "reset" (connection
dropped before any reply), "truncate" (body cut off mid-transfer), "badjson" (a
complete reply whose JSON is cut short), "notapage" (valid JSON, wrong shape), "slow"
(reply after `slow_seconds`, past the client's timeout).
A fault ending in "*" repeats forever.
"""

from __future__ import annotations

import copy
import json
import re
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "ctgov"
RANGE = re.compile(r"^AREA\[LastUpdatePostDate\]RANGE\[(\d{4}-\d{2}-\d{2}),MAX\]$")
PAGING_PARAMS = {"pageToken", "pageSize", "countTotal"}


def real_studies() -> list[dict]:
    """The recorded ClinicalTrials.gov studies in tests/fixtures/ctgov (see its README)."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("NCT*.json"))]


def last_update(study: dict) -> str | None:
    """A study's LastUpdatePostDate, if it has one."""
    status = study.get("protocolSection", {}).get("statusModule", {})
    return status.get("lastUpdatePostDateStruct", {}).get("date")


class FakeCtGov:
    """Serves `studies` page by page on 127.0.0.1; start() and stop() it, or use `with`."""

    def __init__(self, studies: list[dict], *, retry_after: str = "1", slow_seconds: float = 1.0):
        self.studies = copy.deepcopy(studies)
        self.faults: dict[int, list[str]] = {}
        self.retry_after, self.slow_seconds = retry_after, slow_seconds
        self.requests: list[dict] = []  # {"params", "page", "time", "fault"}
        self.tokens: dict[str, tuple[int, int, dict]] = {}
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        """What CTGOV_BASE_URL should be set to."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/v2/"

    def start(self) -> FakeCtGov:
        """Listen on a free loopback port in a daemon thread."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                fake.handle(self)

            def log_message(self, *args) -> None:
                """Keep test output quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda request, address: None  # dropped sockets are on purpose
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        """Shut the server down and free its port."""
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def __enter__(self) -> FakeCtGov:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def next_fault(self, page: int) -> str | None:
        """The fault scripted for this request of `page`, if any."""
        with self.lock:
            queue = self.faults.get(page) or []
            if not queue:
                return None
            return queue[0].rstrip("*") if queue[0].endswith("*") else queue.pop(0)

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        """Answer one GET: the scripted fault, an error for bad requests, or a page."""
        url = urlsplit(h.path)
        params = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        if url.path != "/api/v2/studies":
            return self.reply(h, 404, b"not found", "text/plain")
        try:
            offset, page, first = self.decode_token(params.get("pageToken"))
        except ValueError:
            return self.reply(h, 400, b"pageToken is not valid", "text/plain")
        fault = self.next_fault(page)
        with self.lock:
            self.requests.append(
                {"params": params, "page": page, "time": time.monotonic(), "fault": fault}
            )
        if fault:
            return self.inject(h, fault)
        query = {k: v for k, v in params.items() if k not in PAGING_PARAMS}
        if first is not None and first != query:
            return self.reply(h, 400, b"parameters differ from the first page's", "text/plain")
        try:
            matching = self.matching(query.get("filter.advanced"))
            size = int(params.get("pageSize", "10"))
        except ValueError as exc:
            return self.reply(h, 400, str(exc).encode(), "text/plain")
        body: dict = {"studies": matching[offset : offset + size]}
        if params.get("countTotal") == "true":
            body["totalCount"] = len(matching)
        if offset + size < len(matching):
            body["nextPageToken"] = self.encode_token(offset + size, page + 1, query)
        self.reply(h, 200, json.dumps(body).encode(), "application/json")

    def matching(self, advanced: str | None) -> list[dict]:
        """The studies the filter lets through, in a stable order."""
        if not advanced:
            return list(self.studies)
        match = RANGE.match(advanced)
        if not match:
            raise ValueError(f"filter.advanced not understood by the fake: {advanced}")
        return [s for s in self.studies if (last_update(s) or "") >= match.group(1)]

    def encode_token(self, offset: int, page: int, query: dict) -> str:
        """An opaque token that carries the position and the first page's parameters."""
        with self.lock:
            token = f"tok{len(self.tokens)}x{offset}"
            self.tokens[token] = (offset, page, query)
        return token

    def decode_token(self, token: str | None) -> tuple[int, int, dict | None]:
        """(offset, page number, first page's query) for a token; the first page for None."""
        if token is None:
            return 0, 1, None
        try:
            return self.tokens[token]
        except KeyError:
            raise ValueError(token) from None

    def inject(self, h: BaseHTTPRequestHandler, fault: str) -> None:
        """Misbehave the way a real server or network sometimes does."""
        if fault == "429":
            return self.reply(
                h, 429, b"Too Many Requests", "text/plain", {"Retry-After": self.retry_after}
            )
        if fault in ("500", "503", "400"):
            return self.reply(h, int(fault), f"fault {fault}".encode(), "text/plain")
        if fault == "reset":
            h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            h.close_connection = True
            h.connection.close()
            return None
        body = json.dumps({"studies": self.studies, "nextPageToken": None}).encode()
        if fault == "truncate":
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body[: len(body) // 2])
            h.wfile.flush()
            h.close_connection = True
            h.connection.shutdown(socket.SHUT_RDWR)
            return None
        if fault == "badjson":
            return self.reply(h, 200, body[: len(body) // 2], "application/json")
        if fault == "notapage":
            return self.reply(h, 200, b'{"studies": {"message": "busy"}}', "application/json")
        if fault == "slow":
            time.sleep(self.slow_seconds)
            return self.reply(h, 503, b"late", "text/plain")
        raise ValueError(f"unknown fault {fault!r}")

    @staticmethod
    def reply(h, status: int, body: bytes, ctype: str, headers: dict | None = None) -> None:
        """Send a complete reply."""
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            h.send_header(name, value)
        h.end_headers()
        h.wfile.write(body)

"""NCBI E-utilities client: Bio.Entrez configuration, a shared rate limit, bounded retries.

Biopython 1.88 hard-codes the NCBI host in each `Entrez.*` function, opens URLs without
a timeout and sleeps on its own between tries. So this client keeps Biopython's
request builder (tool, email and api_key parameters; POST for long id lists) and its
esearch parser, and does the HTTP itself: every attempt, retries included, passes one
sliding-window limiter, and the base URL comes from EUTILS_BASE_URL so a loopback
server can stand in for NCBI.
"""

from __future__ import annotations

import http.client
import io
import logging
import os
import random
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.request import urlopen

from Bio import Entrez
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from fetchers import TOOL_NAME
from fetchers.pubmed_xml import ParseError, iter_articles

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
SEARCH_CAP = 9999  # PubMed's esearch returns at most the first 9,999 records of a query


class ConfigError(ValueError):
    """The environment lacks something NCBI requires (an email address)."""


class FetchError(Exception):
    """A request that failed for good; the message never carries the API key."""


class TransientError(FetchError):
    """Worth retrying: 429, 5xx, a dropped connection, a timeout, a broken body, <ERROR>."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class QueryError(FetchError):
    """PubMed rejected the query itself; retrying cannot help, the topic needs fixing."""


class RateLimiter:
    """At most `max_calls` starts in any `period` seconds, shared by every request of a run."""

    def __init__(
        self,
        max_calls: int,
        period: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.max_calls, self.period = max_calls, period
        self.clock, self.sleep = clock, sleep
        self.starts: deque[float] = deque()
        self.lock = threading.Lock()

    def acquire(self) -> None:
        """Block until one more request fits in the window, then count it."""
        with self.lock:
            while True:
                now = self.clock()
                while self.starts and now - self.starts[0] >= self.period:
                    self.starts.popleft()
                if len(self.starts) < self.max_calls:
                    self.starts.append(now)
                    return
                self.sleep(self.period - (now - self.starts[0]))


def scrub(text: object, secret: str | None = None) -> str:
    """A message safe to log or store: api_key values and the key itself masked."""
    text = re.sub(r"(api_key=)[^&\s'\"]+", r"\1***", str(text))
    key = secret if secret is not None else os.environ.get("NCBI_API_KEY")
    return text.replace(key, "***") if key else text


@dataclass
class Client:
    """One run's connection to E-utilities: identity, limiter, timeout and retry policy."""

    email: str
    api_key: str | None = None
    base_url: str = DEFAULT_BASE_URL
    timeout: float = 60.0
    max_attempts: int = 5
    backoff_scale: float = 1.0
    limiter: RateLimiter | None = None
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0
    counter_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        if not self.base_url.endswith("/"):
            self.base_url += "/"
        if self.limiter is None:
            # NCBI allows 3 requests a second (10 with a key); 50 ms spare absorbs jitter.
            self.limiter = RateLimiter(10 if self.api_key else 3, 1.05)
        Entrez.email, Entrez.tool, Entrez.api_key = self.email, TOOL_NAME, self.api_key
        Entrez.max_tries, Entrez.sleep_between_tries = 1, 0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> Client:
        """Build from NCBI_EMAIL, NCBI_API_KEY, EUTILS_BASE_URL and FETCH_* settings."""
        env = dict(os.environ if env is None else env)
        email = env.get("NCBI_EMAIL", "").strip()
        if not email or "@" not in email:
            raise ConfigError(
                "NCBI_EMAIL is not set: NCBI requires a contact address with every E-utilities "
                "request. Set it in the environment (e.g. NCBI_EMAIL=you@example.org); "
                "NCBI_API_KEY is optional and raises the rate limit from 3 to 10 requests/s."
            )
        settings: dict[str, Any] = {
            "email": email,
            "api_key": env.get("NCBI_API_KEY", "").strip() or None,
            "base_url": env.get("EUTILS_BASE_URL", "").strip() or DEFAULT_BASE_URL,
        }
        for name, key, kind in (
            ("FETCH_TIMEOUT", "timeout", float),
            ("FETCH_MAX_ATTEMPTS", "max_attempts", int),
            ("FETCH_BACKOFF_SCALE", "backoff_scale", float),
        ):
            if env.get(name):
                try:
                    settings[key] = kind(env[name])
                except ValueError:
                    raise ConfigError(f"{name}={env[name]!r} is not a number") from None
        settings.update(overrides)
        client = cls(**settings)
        if client.max_attempts < 1 or client.timeout <= 0 or client.backoff_scale < 0:
            raise ConfigError(
                "FETCH_MAX_ATTEMPTS >= 1, FETCH_TIMEOUT > 0, FETCH_BACKOFF_SCALE >= 0"
            )
        return client

    def scrub(self, text: object) -> str:
        """This client's messages with its API key masked."""
        return scrub(text, self.api_key or "")

    def call(self, cgi: str, params: dict[str, Any], parse: Callable[[bytes], Any]) -> Any:
        """Request and parse as one unit, retried together: a broken body is fetched again."""
        retrying = Retrying(
            stop=stop_after_attempt(self.max_attempts),
            wait=self.wait,
            retry=retry_if_exception_type(TransientError),
            sleep=self.sleep,
            before_sleep=lambda state: log.warning(
                "%s; retry %d of %d in %.1fs",
                state.outcome.exception(),
                state.attempt_number,
                self.max_attempts - 1,
                state.next_action.sleep,
            ),
            reraise=True,
        )
        return retrying(lambda: self.attempt(cgi, params, parse))

    def wait(self, state: RetryCallState) -> float:
        """NCBI's Retry-After (capped at 2 minutes) or exponential backoff."""
        return backoff_wait(state, self.backoff_scale, max_retry_after=120.0)

    def attempt(self, cgi: str, params: dict[str, Any], parse: Callable[[bytes], Any]) -> Any:
        """One rate-limited request; every failure is classified as transient or final."""
        request = Entrez._build_request(self.base_url + cgi, dict(params))
        self.limiter.acquire()
        with self.counter_lock:
            self.requests += 1
        log.debug("%s %s", request.method, self.scrub(request.full_url))
        try:
            with urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except HTTPError as exc:
            raise classify_http_error(exc, cgi, self.scrub) from None
        except TimeoutError as exc:
            raise TransientError(f"{cgi}: timed out after {self.timeout:g}s ({exc})") from None
        except (URLError, ConnectionError, http.client.HTTPException, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise TransientError(f"{cgi}: connection failed: {self.scrub(reason)!s}") from None
        try:
            return parse(body)
        except (ParseError, ValueError) as exc:
            raise TransientError(f"{cgi}: unusable reply: {self.scrub(exc)}") from None

    def esearch(self, term: str, **params: Any) -> dict:
        """One esearch on the history server; returns count, ids, WebEnv and query_key."""
        params = {"db": "pubmed", "term": term, "usehistory": "y", **params}
        return self.call("esearch.fcgi", params, parse_esearch)

    def efetch_ids(self, ids: list[int]) -> list[dict]:
        """Parsed PubMed records for a list of PMIDs (POSTed when long)."""
        params = {"db": "pubmed", "id": ",".join(map(str, ids)), "retmode": "xml"}
        return self.call("efetch.fcgi", params, parse_efetch)

    def efetch_history(self, webenv: str, query_key: str, retstart: int, retmax: int) -> list[dict]:
        """Parsed PubMed records for one window of a search kept on the history server."""
        params = {
            "db": "pubmed",
            "WebEnv": webenv,
            "query_key": query_key,
            "retstart": retstart,
            "retmax": retmax,
            "retmode": "xml",
        }
        return self.call("efetch.fcgi", params, parse_efetch)


def classify_http_error(exc: HTTPError, cgi: str, clean: Callable[[object], str]) -> FetchError:
    """429 and 5xx are worth another try (after Retry-After); other 4xx are final."""
    try:
        detail = exc.read(2000).decode("utf-8", "replace").strip()
    except Exception:  # noqa: BLE001 - the body is only decoration for the message
        detail = ""
    message = f"{cgi}: HTTP {exc.code} {exc.reason}" + (
        f": {clean(detail)[:300]}" if detail else ""
    )
    if exc.code == 429 or exc.code >= 500:
        return TransientError(
            message, retry_after=parse_retry_after(exc.headers.get("Retry-After"))
        )
    if exc.code == 400 and cgi.startswith("esearch"):
        return QueryError(message)
    return FetchError(message)


def backoff_wait(state: RetryCallState, scale: float, *, max_retry_after: float) -> float:
    """Exponential backoff with jitter, or the server's Retry-After when it gives one; scaled."""
    exc = state.outcome.exception() if state.outcome else None
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        return min(retry_after, max_retry_after) * scale
    base = min(2.0 ** (state.attempt_number - 1), 60.0)
    return base * random.uniform(0.75, 1.25) * scale


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (the delta form; dates are rare enough to ignore)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


ERROR_RE = re.compile(rb"<ERROR>(.*?)</ERROR>", re.S)
BAD_QUERY_RE = re.compile(r"invalid query|empty term|syntax|unknown field|query translation", re.I)


def parse_esearch(body: bytes) -> dict:
    """The parts of an esearch reply the fetcher needs; <ERROR> and bad fields raise."""
    try:
        reply = Entrez.read(io.BytesIO(body))
    except RuntimeError as exc:  # Bio.Entrez raises RuntimeError for <ERROR>
        message = str(exc)
        if BAD_QUERY_RE.search(message):
            raise QueryError(f"PubMed rejected the query: {message}") from None
        raise TransientError(f"esearch: PubMed replied with an error: {message}") from None
    except Exception as exc:  # noqa: BLE001 - Biopython raises several ValueError kinds
        raise ParseError(f"esearch reply is not usable XML: {exc}") from None
    errors = reply.get("ErrorList") or {}
    if errors.get("FieldNotFound"):
        raise QueryError(f"PubMed does not know the field(s) {list(errors['FieldNotFound'])}")
    return {
        "count": int(reply["Count"]),
        "ids": [int(i) for i in reply.get("IdList", [])],
        "webenv": reply.get("WebEnv"),
        "query_key": reply.get("QueryKey"),
        "phrases_not_found": list(errors.get("PhraseNotFound") or []),
        "translation": reply.get("QueryTranslation"),
    }


def parse_efetch(body: bytes) -> list[dict]:
    """All records of an efetch reply, strictly: a truncated or foreign body raises."""
    head = body[:2000]
    if b"<PubmedArticle" not in body and (match := ERROR_RE.search(head)):
        message = match.group(1).decode("utf-8", "replace").strip()
        raise TransientError(f"efetch: PubMed replied with an error: {message}")
    if not body.strip():
        raise ParseError("efetch: empty reply")
    return list(iter_articles(body, on_error=lambda message: log.warning("efetch: %s", message)))

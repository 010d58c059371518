"""ClinicalTrials.gov (API v2): registered studies for each topic's plain-language terms.

One topic is one cursor walk over `GET {CTGOV_BASE_URL}studies`: `query.term` is the
topic's `trials_query`, later pages repeat the first page's parameters plus the
`nextPageToken` (the API requires that), and an incremental run adds
`filter.advanced=AREA[LastUpdatePostDate]RANGE[<day before the last run>,MAX]`: the
post date is a calendar day in US Eastern time, so one day of overlap keeps a study
posted late that day; seeing it again costs nothing, it counts as unchanged.

Each page is stored in its own transaction (parsing and storing: `clinicaltrials_rows`),
with the PMIDs each study's `referencesModule` lists as its results (`db.trial_links`).
A page that still fails after the retries ends the walk (the cursor cannot skip it): the
pages before it stay stored and the result says how many studies were left (`failed`) and
why (`error`). The orchestrator then keeps the topic's last-success mark, so the next run
asks for the same window.

Settings (environment): CTGOV_BASE_URL, CTGOV_MAX_RPS (requests per second, default 0.8:
the API's documented limit is about 50 a minute), CTGOV_PAGE_SIZE (default 200, at most
1000), and the fetchers' shared FETCH_TIMEOUT, FETCH_MAX_ATTEMPTS, FETCH_BACKOFF_SCALE.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from dataclasses import asdict, dataclass
from typing import Any

import requests
from requests.exceptions import ChunkedEncodingError, ContentDecodingError
from sqlite_utils import Database
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from fetchers import TOOL_NAME
from fetchers.clinicaltrials_rows import (  # noqa: F401  (re-exported: studies as rows)
    FIELDS,
    MODULES,
    STUDY_URL,
    TRIAL_COLUMNS,
    parse_study,
    section,
    store_studies,
    store_trials,
    strings,
    study_papers,
    text,
    trial_hash,
)
from fetchers.eutils import (
    ConfigError,
    FetchError,
    RateLimiter,
    TransientError,
    backoff_wait,
    parse_retry_after,
)
from fetchers.topics import Topic

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://clinicaltrials.gov/api/v2/"
MAX_RETRY_AFTER = 300.0


@dataclass(frozen=True)
class Settings:
    """How to reach the API and how hard to try; read from the environment per fetch."""

    base_url: str = DEFAULT_BASE_URL
    page_size: int = 200
    max_rps: float = 0.8
    timeout: float = 60.0
    max_attempts: int = 5
    backoff_scale: float = 1.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Build from CTGOV_* and FETCH_* variables; a malformed number is a ConfigError."""
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = {}
        base = env.get("CTGOV_BASE_URL", "").strip()
        if base:
            values["base_url"] = base if base.endswith("/") else base + "/"
        for name, key, kind in (
            ("CTGOV_PAGE_SIZE", "page_size", int),
            ("CTGOV_MAX_RPS", "max_rps", float),
            ("FETCH_TIMEOUT", "timeout", float),
            ("FETCH_MAX_ATTEMPTS", "max_attempts", int),
            ("FETCH_BACKOFF_SCALE", "backoff_scale", float),
        ):
            if env.get(name, "").strip():
                try:
                    values[key] = kind(env[name])
                except ValueError:
                    raise ConfigError(f"{name}={env[name]!r} is not a number") from None
        settings = cls(**values)
        if not 1 <= settings.page_size <= 1000 or settings.max_rps <= 0:
            raise ConfigError("CTGOV_PAGE_SIZE must be 1-1000 and CTGOV_MAX_RPS above 0")
        if settings.max_attempts < 1 or settings.timeout <= 0 or settings.backoff_scale < 0:
            raise ConfigError(
                "FETCH_MAX_ATTEMPTS >= 1, FETCH_TIMEOUT > 0, FETCH_BACKOFF_SCALE >= 0"
            )
        return settings


_limiters: dict[float, RateLimiter] = {}
_limiters_lock = threading.Lock()


def limiter_for(max_rps: float) -> RateLimiter:
    """One limiter per rate for the whole process, so consecutive topics share the budget."""
    with _limiters_lock:
        if max_rps not in _limiters:
            _limiters[max_rps] = RateLimiter(1, 1.0 / max_rps)
        return _limiters[max_rps]


# --- fetching ----------------------------------------------------------------------------


@dataclass
class Tally:
    """What one topic's fetch did so far; becomes the result dict."""

    hits: int | None = None  # totalCount from the first page
    received: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    requests: int = 0
    error: str | None = None

    def result(self) -> dict:
        """The dict the run orchestrator records in fetch_run_topics."""
        result = {k: v for k, v in asdict(self).items() if k != "received"}
        return dict(result, hits=self.received if self.hits is None else self.hits)

    def give_up(self, page_no: int, why: str) -> None:
        """Record that the walk stopped at this page: what is left counts as failed."""
        self.failed += max(1, (self.hits or 0) - self.received)
        self.error = f"page {page_no}: {why}"


def since_filter(since: str) -> str:
    """The Essie filter for studies posted on or after the day before `since`."""
    try:
        stamp = dt.datetime.fromisoformat(since.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"since={since!r} is not an ISO date or timestamp") from None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.UTC)
    day = stamp.date() - dt.timedelta(days=1)
    return f"AREA[LastUpdatePostDate]RANGE[{day.isoformat()},MAX]"


def query_params(terms: str, since: str | None, page_size: int) -> dict[str, str]:
    """Parameters of the first page; later pages add pageToken and drop countTotal."""
    params = {"query.term": terms, "fields": FIELDS, "format": "json", "pageSize": str(page_size)}
    if since:
        params["filter.advanced"] = since_filter(since)
    return params


def new_session() -> requests.Session:
    """A session that says who is asking."""
    session = requests.Session()
    session.headers.update(
        {"User-Agent": f"{TOOL_NAME} (literature tracker)", "Accept": "application/json"}
    )
    return session


class PageFetcher:
    """GETs pages of the studies endpoint with rate limiting and bounded, backed-off retries."""

    def __init__(self, session: requests.Session, settings: Settings, tally: Tally):
        self.session, self.settings, self.tally = session, settings, tally
        self.url = settings.base_url + "studies"
        self.limiter = limiter_for(settings.max_rps)
        self.attempts = 0  # of the page being fetched

    def get(self, params: dict[str, str], page_no: int) -> dict:
        """One page, retried while the failure may pass; raises FetchError when it will not."""
        self.attempts = 0
        retrying = Retrying(
            stop=stop_after_attempt(self.settings.max_attempts),
            wait=self.wait,
            retry=retry_if_exception_type(TransientError),
            before_sleep=lambda state: log.warning(
                "clinicaltrials page %d: %s; retry %d of %d in %.2fs",
                page_no,
                state.outcome.exception(),
                state.attempt_number,
                self.settings.max_attempts - 1,
                state.next_action.sleep,
            ),
            reraise=True,
        )
        return retrying(lambda: self.attempt(params))

    def wait(self, state: RetryCallState) -> float:
        """The server's Retry-After (capped) or exponential backoff, as for PubMed."""
        return backoff_wait(state, self.settings.backoff_scale, max_retry_after=MAX_RETRY_AFTER)

    def attempt(self, params: dict[str, str]) -> dict:
        """One rate-limited request; every failure is classified as transient or final."""
        self.limiter.acquire()
        self.attempts += 1
        self.tally.requests += 1
        try:
            response = self.session.get(self.url, params=params, timeout=self.settings.timeout)
        except requests.Timeout as exc:
            raise TransientError(f"timed out after {self.settings.timeout:g}s ({exc})") from None
        except (requests.ConnectionError, ChunkedEncodingError, ContentDecodingError) as exc:
            raise TransientError(f"connection failed: {exc.__class__.__name__}: {exc}") from None
        except requests.RequestException as exc:
            raise FetchError(f"request failed: {exc}") from None
        if response.status_code != 200:
            raise http_error(response)
        try:
            page = response.json()
        except ValueError as exc:
            raise TransientError(
                f"unreadable JSON ({len(response.content)} bytes): {exc}"
            ) from None
        if not isinstance(page, dict) or not isinstance(page.get("studies", []), list):
            raise TransientError("reply is JSON but not a page of studies")
        return page


def http_error(response: requests.Response) -> FetchError:
    """429 and 5xx are worth another try (after Retry-After); other statuses are final."""
    detail = " ".join(response.text[:300].split())
    message = f"HTTP {response.status_code} {response.reason}" + (f": {detail}" if detail else "")
    if response.status_code == 429 or response.status_code >= 500:
        return TransientError(
            message, retry_after=parse_retry_after(response.headers.get("Retry-After"))
        )
    return FetchError(message)


def fetch_topic(
    db: Database,
    topic: Topic,
    *,
    since: str | None,
    full: bool,
    run_id: int,
    session: requests.Session | None = None,
) -> dict:
    """Fetch and store one topic's registered studies; a failing page is reported, not raised.

    `since` (ISO timestamp of the topic's last successful run) narrows the fetch to studies
    posted since; None or `full` fetches everything. Returns hits, new, updated, unchanged,
    failed, requests and error. Topics without `trials_query` are skipped (all zeros).
    """
    tally = Tally()
    if not topic.trials_query:
        return tally.result()
    settings = Settings.from_env()
    params = query_params(topic.trials_query, None if full else since, settings.page_size)
    own_session = session is None
    pages = PageFetcher(session or new_session(), settings, tally)
    log.info(
        "run %s: clinicaltrials %s: %s", run_id, topic.slug, params.get("filter.advanced", "all")
    )
    try:
        walk(db, topic.slug, params, pages, tally)
    finally:
        if own_session:
            pages.session.close()
    level = logging.WARNING if tally.error else logging.INFO
    log.log(level, "run %s: clinicaltrials %s: %s", run_id, topic.slug, tally.result())
    return tally.result()


def walk(
    db: Database, topic: str, params: dict[str, str], pages: PageFetcher, tally: Tally
) -> None:
    """Follow nextPageToken from the first page to the last, storing each page as it comes."""
    token, seen, page_no = None, set(), 0
    while True:
        page_no += 1
        request = dict(params, pageToken=token) if token else dict(params, countTotal="true")
        try:
            page = pages.get(request, page_no)
        except FetchError as exc:
            return tally.give_up(page_no, f"{exc} ({pages.attempts} tries)")
        if page_no == 1 and isinstance(page.get("totalCount"), int):
            tally.hits = page["totalCount"]
        store_page(db, topic, page.get("studies", []), tally)
        token = page.get("nextPageToken")
        if not token:
            return
        if token in seen:
            return tally.give_up(page_no, "the server repeated a page token")
        seen.add(token)


def store_page(db: Database, topic: str, studies: list, tally: Tally) -> None:
    """Parse and store one page; a study without an NCT ID cannot be stored and counts as failed."""
    new, updated, unchanged, skipped = store_studies(db, studies, topic)
    skipped += sum(1 for s in studies if not isinstance(s, dict))
    tally.received += len(studies)
    if skipped:
        tally.failed += skipped
        tally.error = tally.error or f"{skipped} studies without an NCT ID skipped"
    tally.new += new
    tally.updated += updated
    tally.unchanged += unchanged

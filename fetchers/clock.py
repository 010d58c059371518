"""Time for the operator commands: now, durations ('48h'), --since, stored timestamps.

Every table stores UTC ISO timestamps to the second; these helpers read and write that
form and the short durations people type and read. `fetchers.ops` re-exports them.
"""

from __future__ import annotations

import datetime as dt
import re

UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def utcnow() -> dt.datetime:
    """The current time, timezone-aware, to the second (the stored timestamps' precision)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def parse_duration(text: str) -> dt.timedelta:
    """'48h', '2d', '90m', '1w' → timedelta; anything else is a usage error."""
    match = re.fullmatch(r"\s*(\d+)\s*([mhdw])\s*", text or "", re.IGNORECASE)
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"bad duration {text!r}: use a number and m, h, d or w, e.g. 48h or 7d")
    return dt.timedelta(**{UNITS[match.group(2).lower()]: int(match.group(1))})


def parse_since(text: str, now: dt.datetime | None = None) -> dt.datetime:
    """'7d' / '36h' (back from now) or an ISO date or datetime (naive means UTC)."""
    now = now or utcnow()
    try:
        return now - parse_duration(text)
    except ValueError:
        pass
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise ValueError(
            f"bad --since {text!r}: use e.g. 7d, 36h, or an ISO date like 2025-01-31"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def parse_stamp(text: str | None) -> dt.datetime | None:
    """A stored ISO timestamp as an aware datetime (naive ones are UTC)."""
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def iso(moment: dt.datetime) -> str:
    """The timestamp format every table uses (UTC, seconds, +00:00)."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def humanize_age(delta: dt.timedelta) -> str:
    """'3h 12m', '2d 4h': ages a person reads at a glance."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 0)}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours}h {minutes:02d}m"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h"


def format_max_age(max_age: dt.timedelta) -> str:
    """The threshold as a person writes it: '48h', '7d', '90m'."""
    minutes = int(max_age.total_seconds() // 60)
    if minutes % (60 * 24) == 0 and minutes > 60 * 48:
        return f"{minutes // (60 * 24)}d"
    return f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"

#!/bin/sh
# Nightly job: fetch new and revised records, write the digest, then check freshness.
#
# Used by kratom-fetch.service (systemd) and by crontab.example. Configuration comes
# from the environment (see kratom-fetch.env.example); every variable has a default:
#   APP_DIR      the checkout (default: the folder above this script)
#   PYTHON       the interpreter with the requirements (default: $APP_DIR/.venv/bin/python)
#   LOG_DIR      rotating log files (default: $APP_DIR/logs)
#   DIGEST_DIR   where digest-YYYY-MM-DD.md lands (default: $APP_DIR/data/digests)
#   DIGEST_SINCE period the digest covers (default: 7d, a rolling week)
#   MAX_AGE      status fails when the last successful run is older (default: 48h)
#   LITERATURE_DB, NCBI_EMAIL, NCBI_API_KEY are read by the fetcher itself.
#
# Exit status: the fetcher's own status when it is 2 or more (configuration, lock,
# unusable database); otherwise the status check's (0 fresh, 1 stale). A partial
# fetch (1) is not an alarm by itself: the next run fills the gap, and `status`
# fails once no run has fully succeeded for MAX_AGE.
set -u

APP_DIR=${APP_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
PYTHON=${PYTHON:-$APP_DIR/.venv/bin/python}
LOG_DIR=${LOG_DIR:-$APP_DIR/logs}
DIGEST_DIR=${DIGEST_DIR:-$APP_DIR/data/digests}
DIGEST_SINCE=${DIGEST_SINCE:-7d}
MAX_AGE=${MAX_AGE:-48h}
LOG_FILE="$LOG_DIR/fetch.log"

cd "$APP_DIR" || exit 2
mkdir -p "$LOG_DIR" "$DIGEST_DIR" || exit 2
umask 027

"$PYTHON" -m fetchers --log-file "$LOG_FILE" run --quiet
fetch_rc=$?

"$PYTHON" -m fetchers --log-file "$LOG_FILE" digest --since "$DIGEST_SINCE" --output "$DIGEST_DIR/" >/dev/null
digest_rc=$?
[ "$digest_rc" -eq 0 ] || echo "nightly: digest failed with status $digest_rc" >&2

# The table goes to the log file; only a stale verdict reaches stderr (and cron's mail).
"$PYTHON" -m fetchers --log-file "$LOG_FILE" status --max-age "$MAX_AGE" >>"$LOG_DIR/status.log"
status_rc=$?

if [ "$fetch_rc" -ge 2 ]; then
    echo "nightly: fetch failed with status $fetch_rc (see $LOG_FILE)" >&2
    exit "$fetch_rc"
fi
exit "$status_rc"

#!/usr/bin/env bash
# The load test of a city day (bench/README.md "Load"): gunicorn on PostgreSQL, locust stepping the load up.
#
#   bench/load.sh                       # database fazhi_load on 127.0.0.1:5432, steps 10 20 40 60 users, 90 s each
#   STEPS="20 40" STEP_SECONDS=60 bench/load.sh
#
# Uses its OWN database (LOAD_DB, default fazhi_load; never the test databases), created and set up with the demo
# data on the first run (`fazhi setup --demo`, the whole law library: about 15 minutes). Results: bench/out/load/
# (locust CSV per step, summary.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

LOAD_DB=${LOAD_DB:-fazhi_load}
case "$LOAD_DB" in test | test_* ) echo "refusing to use the database $LOAD_DB" >&2; exit 2 ;; esac
PGHOST=${PGHOST:-127.0.0.1}
PORT=${PORT:-8100}
WORKERS=${WORKERS:-3}
THREADS=${THREADS:-2}
STEPS=${STEPS:-"10 20 40 60"}
STEP_SECONDS=${STEP_SECONDS:-90}
OUT=bench/out/load
mkdir -p "$OUT"

export DATABASE_URL="postgres://postgres@${PGHOST}:5432/${LOAD_DB}"
export FAZHI_VAR_DIR=${FAZHI_VAR_DIR:-$PWD/bench/out/load-var}
export DJANGO_SETTINGS_MODULE=fazhi.settings.base DEBUG=0
# One citizen account and one address stand for many people: the per-person limits (20 submissions an hour per
# account, 120 per address) would turn the test into a test of the limits, which have their own tests.
export CASEWORK_RATE_PER_USER=1000000/h CASEWORK_RATE_PER_ADDRESS=1000000/h THROTTLE_USER=1000000/min
export THROTTLE_ANON=1000000/min
export EMAIL_URL=dummymail://  # notifications are still written and their e-mail task still runs; nothing is printed

if ! psql -h "$PGHOST" -U postgres -Atc "select 1" "$LOAD_DB" >/dev/null 2>&1; then
  createdb -h "$PGHOST" -U postgres "$LOAD_DB"
fi
if [ ! -f "$FAZHI_VAR_DIR/.load-setup-done" ]; then
  .venv/bin/fazhi setup --demo >"$OUT/setup.log" 2>&1
  touch "$FAZHI_VAR_DIR/.load-setup-done"
fi
.venv/bin/fazhi collectstatic --noinput >/dev/null

# keep-alive longer than the users' 1–3 s pauses: else a client reuses a connection the server is closing (a reset)
.venv/bin/gunicorn fazhi.wsgi:application -b "127.0.0.1:$PORT" -w "$WORKERS" --threads "$THREADS" --keep-alive 10 \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/" >/dev/null && break; sleep 1; done
# warm-up, not measured: every worker imports, loads the segmenter and opens its connections
.venv/bin/locust -f bench/load.py --host "http://127.0.0.1:$PORT" --headless -u 6 -r 2 -t 30s --only-summary \
  >"$OUT/warmup.log" 2>&1 || true

: >"$OUT/summary.txt"
for users in $STEPS; do
  # ramp at 2 users/s (logins are slow on purpose), statistics reset once all run: the steady state is measured
  .venv/bin/locust -f bench/load.py --host "http://127.0.0.1:$PORT" --headless -u "$users" -r 2 --reset-stats \
    -t "$((STEP_SECONDS + users / 2))s" --csv "$OUT/u$users" --only-summary >"$OUT/u$users.log" 2>&1 || true
  # the Aggregated line of the stats CSV: requests, failures, p95 (ms), requests/s
  awk -F, -v u="$users" 'NR==1 { for (i = 1; i <= NF; i++) col[$i] = i }
    $2 == "\"Aggregated\"" || $2 == "Aggregated" {
      printf "users %3d  requests %6d  failures %d  p50 %s ms  p95 %s ms  p99 %s ms  %.1f req/s\n", u,
        $col["Request Count"], $col["Failure Count"], $col["50%"], $col["95%"], $col["99%"], $col["Requests/s"] }' \
    "$OUT/u${users}_stats.csv" | tee -a "$OUT/summary.txt"
done
grep -h -v '^Method' "$OUT"/u*_failures.csv | sort | uniq -c | sort -rn | head -20 >"$OUT/failures.txt" || true
echo "per-request figures: $OUT/u<users>_stats.csv; failures: $OUT/failures.txt"

#!/usr/bin/env bash
# Load benchmark of the public pages (a measurement, not a test): gunicorn with 3 workers on
# loopback, 200 simulated citizens (locust, scripts/load/locustfile.py), then a summary of
# throughput, p50/p95/p99 and errors from locust's CSV output.
#
# Usage: scripts/load/run.sh [DURATION]   (locust's -t, default 5m; or LOAD_DURATION=…)
#   USERS (200), SPAWN_RATE (20), PORT (8765) and WORKERS (3) override the defaults.
#   DATABASE_URL: the database to use; without it a throwaway SQLite file is created.
# Needs the "load" extra: .venv/bin/pip install -e ".[load]"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

duration="${1:-${LOAD_DURATION:-5m}}"
users="${USERS:-200}"
spawn_rate="${SPAWN_RATE:-20}"
port="${PORT:-8765}"
workers="${WORKERS:-3}"
py=.venv/bin/python

[[ -x .venv/bin/locust ]] || { echo 'locust missing: .venv/bin/pip install -e ".[load]"' >&2; exit 1; }

work="$(mktemp -d -t ita-load.XXXXXX)"
export ITA_DEMO_MODE=1 DEBUG=0
if [[ -z "${DATABASE_URL:-}" ]]; then
  export DATABASE_URL="sqlite:///$work/load.sqlite3"
fi
export DOCUMENTS_ROOT="$work/documents" MEDIA_ROOT="$work/media"
echo "==> database: ${DATABASE_URL%%@*}…  results: $work"

"$py" manage.py migrate --noinput >/dev/null
"$py" manage.py seed_demo >/dev/null

gunicorn_pid=""
cleanup() { [[ -n "$gunicorn_pid" ]] && kill "$gunicorn_pid" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
.venv/bin/gunicorn ita_portal.wsgi --workers "$workers" --bind "127.0.0.1:$port" \
  --access-logfile /dev/null --error-logfile "$work/gunicorn.log" &
gunicorn_pid=$!
for _ in $(seq 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
  sleep 0.2
done

echo "==> locust: $users users, +$spawn_rate/s, $duration against http://127.0.0.1:$port"
.venv/bin/locust -f scripts/load/locustfile.py --headless -u "$users" -r "$spawn_rate" \
  -t "$duration" --host "http://127.0.0.1:$port" --csv "$work/load" --only-summary \
  >"$work/locust.log" 2>&1 || true   # locust exits 1 when any request failed

"$py" - "$work" <<'PY'
import csv, sys
from pathlib import Path

work = Path(sys.argv[1])
rows = list(csv.DictReader(open(work / "load_stats.csv", encoding="utf-8")))
print(f"{'request':<28}{'count':>8}{'fail':>6}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}  (ms)")
for r in rows:
    name = "TOTAL" if r["Name"] == "Aggregated" else f"{r['Type']} {r['Name']}"
    print(f"{name[:27]:<28}{r['Request Count']:>8}{r['Failure Count']:>6}"
          f"{float(r['Requests/s']):>8.1f}{r['50%']:>7}{r['95%']:>7}{r['99%']:>7}")
total = next(r for r in rows if r["Name"] == "Aggregated")
failures = list(csv.DictReader(open(work / "load_failures.csv", encoding="utf-8")))
print(f"\nthroughput {float(total['Requests/s']):.1f} req/s; p50 {total['50%']} ms, "
      f"p95 {total['95%']} ms, p99 {total['99%']} ms; errors {total['Failure Count']} "
      f"of {total['Request Count']}")
for f in failures:
    print(f"  error: {f['Method']} {f['Name']}: {f['Error']} ×{f['Occurrences']}")
PY

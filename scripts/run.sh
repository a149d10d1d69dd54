#!/usr/bin/env bash
# Start the portal locally with demo data (make run). SQLite unless DATABASE_URL is set.
# HOST and PORT choose the address (default 127.0.0.1:8000).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh

# Demo mode creates the demo logins; DEBUG lets runserver serve static files.
export ITA_DEMO_MODE="${ITA_DEMO_MODE:-1}"
export DEBUG="${DEBUG:-1}"
# Links in the memo e-mails (console back-end in demo mode) point at this server.
export PORTAL_URL="${PORTAL_URL:-http://${HOST:-127.0.0.1}:${PORT:-8000}}"

py=.venv/bin/python
# A self-signed demo certificate (made once into the gitignored private/signing/) signs
# the published PDFs, unless the operator's own key is configured.
if [ -z "${SIGNING_KEY_FILE:-}" ]; then
  "$py" manage.py make_demo_certificate
  export SIGNING_KEY_FILE="$PWD/private/signing/key.pem"
  export SIGNING_CERT_FILE="$PWD/private/signing/cert.pem"
  export SIGNING_KEY_PASSWORD="demo-signing-password"
fi
"$py" manage.py migrate --noinput
"$py" manage.py seed_demo   # loads missing criteria years, prints the demo logins
# The background worker renders issued documents (django-tasks' database queue); it
# stops with the web server.
"$py" manage.py db_worker --interval 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
echo "==> ITA Portal: http://${HOST:-127.0.0.1}:${PORT:-8000}/  (Ctrl+C to stop)"
"$py" manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"

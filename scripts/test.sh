#!/usr/bin/env bash
# Lint, Django checks and the whole pytest suite (make test). Arguments go to pytest.
# DATABASE_URL is passed through untouched: SQLite when unset, PostgreSQL when set.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh --test

export ITA_DEMO_MODE=1
# Playwright's sync API runs an event loop in the test thread; without this
# Django refuses ORM calls made from that thread.
export DJANGO_ALLOW_ASYNC_UNSAFE=true
# Files the tests store (uploads, issued PDFs) go to a folder of this run, never into the
# checkout's media/ or private/; it is removed when the run ends.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export MEDIA_ROOT="$scratch/media" DOCUMENTS_ROOT="$scratch/documents"

py=.venv/bin/python
echo "==> ruff check"
.venv/bin/ruff check .
echo "==> makemigrations --check"
"$py" manage.py makemigrations --check --dry-run
echo "==> manage.py check"
"$py" manage.py check
echo "==> pytest $*"
"$py" -m pytest "$@"

#!/usr/bin/env bash
# Prepare this machine for ITA Portal: Debian packages, .venv and Python packages.
# Usage: scripts/setup.sh [--test]    (--test adds the "test" extra and Chromium)
# Idempotent: when everything is already in place it does no apt or pip work.
# PYTHON=/path/to/python3 overrides the interpreter used to create .venv.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

with_test=0
case "${1:-}" in
  "") ;;
  --test) with_test=1 ;;
  *) echo "usage: $0 [--test]" >&2; exit 2 ;;
esac

PYTHON="${PYTHON:-python3}"
export PIP_DISABLE_PIP_VERSION_CHECK=1

die() { printf '%s\n' "$@" >&2; exit 1; }

# An existing, working .venv decides the Python; otherwise $PYTHON will create it.
if .venv/bin/python -c '' 2>/dev/null; then py=.venv/bin/python; else py="$PYTHON"; fi

# --- Debian packages ----------------------------------------------------------
# WeasyPrint's native libs, a Thai font, fallback fonts for symbols and emoji (see
# static/css/pdf.css), pdftoppm/pdftotext for the PDF tests.
pkgs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-thai-tlwg fonts-dejavu-core
      fonts-symbola poppler-utils)
if [[ "$py" == "$PYTHON" ]]; then
  # A minimal Debian may lack python3; Debian's python3 needs python3-venv
  # (ensurepip) to create a venv.
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    if [[ "$PYTHON" == python3 ]]; then pkgs+=(python3 python3-venv); fi
  elif ! "$PYTHON" -c 'import ensurepip' 2>/dev/null; then
    pkgs+=(python3-venv)
  fi
fi
# Playwright browser tests drive Debian's Chromium.
if ((with_test)); then pkgs+=(chromium); fi

installed() { dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed'; }
missing=()
for p in "${pkgs[@]}"; do installed "$p" || missing+=("$p"); done

if ((${#missing[@]})); then
  if ((EUID == 0)); then
    echo "==> apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    die "ขาดแพ็กเกจของระบบ กรุณาติดตั้งด้วยคำสั่งนี้ แล้วรันใหม่:" \
        "Missing system packages; install them with this command, then run again:" \
        "" "    sudo apt-get install ${missing[*]}" ""
  fi
fi

# --- Python >= 3.11 (Debian 12 ships 3.11) ---------------------------------
command -v "$py" >/dev/null 2>&1 ||
  die "ไม่พบ $py: ต้องมี Python 3.11 ขึ้นไป (sudo apt-get install python3 python3-venv)" \
      "$py not found: Python >= 3.11 is required (sudo apt-get install python3 python3-venv)"
"$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
  die "$py เป็น $("$py" -V 2>&1) แต่ต้องใช้ Python 3.11 ขึ้นไป (ตั้ง PYTHON=... หรือ make clean)" \
      "$py is $("$py" -V 2>&1) but Python >= 3.11 is required (set PYTHON=..., or make clean)"

# --- Virtualenv and Python packages --------------------------------------------
if ! .venv/bin/python -c '' 2>/dev/null; then
  echo "==> creating .venv with $PYTHON ($("$PYTHON" -V 2>&1))"
  "$PYTHON" -m venv --clear .venv   # --clear: replace a broken leftover .venv
fi

# The stamp records which pyproject.toml (and extra) was installed, so pip is
# skipped until pyproject.toml changes. A -test stamp also covers a plain setup.
hash="$(sha256sum pyproject.toml | cut -d' ' -f1)"
stamp=".venv/.installed-$hash"
target="."
if ((with_test)); then stamp+="-test"; target=".[test]"; fi
if [[ -e "$stamp" || -e ".venv/.installed-$hash-test" ]]; then
  exit 0
fi
echo "==> pip install -e $target"
.venv/bin/python -m pip install -q -e "$target"
rm -f .venv/.installed-*
touch "$stamp"

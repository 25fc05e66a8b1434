#!/usr/bin/env bash
# Build the frozen workstation and prove that it works frozen.
#   tools/build_bundle.sh               dist/checkpoint-app/ (one folder), then check and measure
#   ONEFILE=1 tools/build_bundle.sh     dist/checkpoint-app as one file (see docs/BUILDING.md)
#   MEASURE=0 tools/build_bundle.sh     skip the size / start-up table (CI)
# Checks (tests/packaging/test_bundle.py, offscreen): the frozen --self-test passes every check,
# and the frozen `scan --json` reads a generated screenshot's QR code, colour and text (OCR),
# with pyzbar using the bundled libzbar.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}

if ! "$PYTHON" -m PyInstaller --version >/dev/null 2>&1; then
  echo "PyInstaller is missing: $PYTHON -m pip install 'pyinstaller>=6.10,<7'" >&2
  exit 1
fi
say() { printf '\033[1m%s\033[0m\n' "$*"; }

say "PyInstaller $("$PYTHON" -m PyInstaller --version) → dist/"
started=$SECONDS
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN build.spec
say "built in $((SECONDS - started)) s"

bundle=dist/checkpoint-app
export QT_QPA_PLATFORM=offscreen
say "frozen self-test and screenshot scan"
CHECKPOINT_TEST_BUNDLE=$bundle "$PYTHON" -m pytest tests/packaging -q -p no:cacheprovider

if [ "${MEASURE:-1}" = 1 ] && [ -d "$bundle" ]; then
  say "size and start-up"
  "$PYTHON" packaging/measure_bundle.py "$bundle"
fi

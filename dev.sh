#!/usr/bin/env bash
# One-command set-up for a fresh Debian/Ubuntu machine.
#   ./dev.sh demo   install everything, then start the app with a demo shift
#   ./dev.sh test   install everything, then run linters, contracts, types and the tests
# System packages are installed when run as root (or with password-less sudo); otherwise
# the script says exactly what to install.
set -euo pipefail
cd "$(dirname "$0")"

SYSTEM_PACKAGES=(
  libzbar0            # QR decoding through pyzbar
  poppler-utils       # pdftotext/pdftoppm: tests read back the PDFs the app writes
  fonts-noto-cjk      # Chinese text: without a CJK font Qt draws boxes
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xinerama0 libxcb-randr0   # Qt's xcb platform plugin
  libpulse0           # QtMultimedia (sound cues)
  chromium            # the county dashboard's browser tests (driven by Playwright)
  postgresql          # the county server's second storage backend, tested in CI
  xvfb openbox xdotool x11-utils imagemagick stress-ng  # tests/xclient: the real app on X
)
PYTHON=${PYTHON:-python3}

say() { printf '\033[1m%s\033[0m\n' "$*"; }

install_system_packages() {
  local missing=()
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if ! "$PYTHON" -m venv --help >/dev/null 2>&1; then missing+=(python3-venv); fi
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"; else
      say "缺少系统软件包 / Missing system packages. Please run:"
      echo "  sudo apt-get install -y ${missing[*]}"
      exit 1
    fi
  fi
  say "安装系统软件包 / Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

install_python_packages() {
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  say "安装 Python 依赖 / Installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  # Without its opencv-python requirement, which would replace the headless cv2 (see pyproject).
  .venv/bin/python -m pip install -q --no-deps "rapidocr-onnxruntime==1.4.4"
}

run_checks_and_tests() {
  export QT_QPA_PLATFORM=offscreen
  say "ruff"; .venv/bin/ruff check . && .venv/bin/ruff format --check .
  say "import contracts"; .venv/bin/lint-imports
  say "mypy"; .venv/bin/mypy
  say "generated forms are current"; .venv/bin/python tools/build_forms.py --check
  say "pytest"; .venv/bin/python -m pytest "$@"
}

case "${1:-}" in
  demo)
    install_system_packages
    install_python_packages
    shift
    exec .venv/bin/checkpoint-app --data-dir "${CHECKPOINT_DEMO_DIR:-$PWD/.demo-data}" --demo "$@"
    ;;
  test)
    install_system_packages
    install_python_packages
    shift
    run_checks_and_tests "$@"
    ;;
  *)
    echo "usage: ./dev.sh demo | ./dev.sh test [pytest args]" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# Installs everything the test suite needs, then runs it:
#   a virtual environment in .venv with the project and its [test] extra (never the system
#   Python: Debian and Ubuntu mark theirs externally managed, PEP 668), Debian's chromium for
#   the browser tests, and the npm packages those tests load (scorm-again, axe-core).
# Extra arguments go to pytest, e.g. `bash tests/run_all.sh -m "not browser"`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
apt_install() {
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# Debian/Ubuntu ship venv's pip bootstrap separately (python3-venv).
if [ ! -x .venv/bin/python ] && ! python3 -c "import ensurepip" 2>/dev/null; then
  apt_install python3-venv
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet -e ".[test]"

if [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
fi

npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error

.venv/bin/python -m pytest "$@"

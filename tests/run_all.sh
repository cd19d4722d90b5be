#!/usr/bin/env bash
# Installs everything the test suite needs, then runs it:
#   Python packages (the project with its [test] extra), Debian's chromium for the
#   browser tests, and the npm packages those tests load (scorm-again, axe-core).
# Extra arguments go to pytest, e.g. `bash tests/run_all.sh -m "not browser"`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1

python3 -m pip install --quiet -e ".[test]"

if [ ! -x /usr/bin/chromium ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error

python3 -m pytest "$@"

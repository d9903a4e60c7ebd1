#!/bin/sh
# The Debian packages the test suite needs beyond Python:
#   virtuoso-opensource  Virtuoso 7: tests/test_stores.py runs every stored query against it;
#   chromium             the browser the static site is tested in (tests/browser.py drives it through Playwright:
#                        nothing downloads a browser);
#   fonts-dejavu-core    fonts with Latin and Arabic glyphs for it (checked with fontconfig's fc-list :lang=ar,
#   fontconfig           which comes with fontconfig).
# Installs only what is missing, without recommended packages; as root on Debian or Ubuntu (as CI runs it).
# Elsewhere it says what to install, and the tests that need it are skipped with that reason.
set -eu
missing=""
command -v virtuoso-t >/dev/null 2>&1 || missing="$missing virtuoso-opensource"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
if ! command -v fc-list >/dev/null 2>&1; then
  missing="$missing fontconfig fonts-dejavu-core"
elif [ -z "$(fc-list :lang=ar family)" ]; then
  missing="$missing fonts-dejavu-core"
fi
if [ -z "$missing" ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "tools/test-deps.sh: missing:$missing: install them (apt-get install --no-install-recommends$missing)," \
       "or the tests that need them will be skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # $missing is a list of package names
apt-get install -y -qq --no-install-recommends $missing >/dev/null
command -v virtuoso-t >/dev/null
command -v chromium >/dev/null
[ -n "$(fc-list :lang=ar family)" ]

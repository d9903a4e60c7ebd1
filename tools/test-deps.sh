#!/bin/sh
# The Debian packages the test suite needs beyond Python:
#   virtuoso-opensource  Virtuoso 7: tests/test_stores.py runs every stored query against it;
#   chromium             the browser the static site is tested in (tests/browser.py drives it through Playwright:
#                        nothing downloads a browser);
#   fonts-dejavu-core    fonts with Latin and Arabic glyphs for it (checked with fontconfig's fc-list :lang=ar,
#   fontconfig           which comes with fontconfig);
#   nodejs               runs the search's JavaScript in tests/test_search.py (the machine usually has it).
# Installs only what is missing (Chromium with its recommended packages, the rest without); as root on Debian or Ubuntu (as CI runs it).
# Elsewhere it says what to install, and the tests that need it are skipped with that reason.
set -eu
missing=""
command -v virtuoso-t >/dev/null 2>&1 || missing="$missing virtuoso-opensource"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
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
others=""
for package in $missing; do
  [ "$package" = chromium ] || others="$others $package"
done
case " $missing " in
  # with its recommended packages (fonts among them): the configuration the browser tests were run with
  *" chromium "*) apt-get install -y -qq chromium >/dev/null ;;
esac
if [ -n "$others" ]; then
  # shellcheck disable=SC2086 # $others is a list of package names
  apt-get install -y -qq --no-install-recommends $others >/dev/null
fi
command -v virtuoso-t >/dev/null
command -v chromium >/dev/null
[ -n "$(fc-list :lang=ar family)" ]

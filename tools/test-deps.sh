#!/bin/sh
# The Debian packages the test suite needs beyond Python: Virtuoso 7 (tests/test_stores.py runs every stored
# query against it). Installs only what is missing; as root on Debian or Ubuntu (as CI runs it). Elsewhere it
# says what to install, and the Virtuoso tests are skipped with that reason.
set -eu
if command -v virtuoso-t >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "tools/test-deps.sh: virtuoso-t is missing: install Debian's virtuoso-opensource (apt-get install" \
       "virtuoso-opensource), or the Virtuoso tests will be skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null
command -v virtuoso-t >/dev/null

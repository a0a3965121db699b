#!/usr/bin/env bash
# Make sure Debian's Chromium and the Noto fonts are present: the browser tests use them, and
# so do the PDF and image exports (kaleido drives the same Chromium).
# Installs them when missing and this is root; otherwise says how. Never downloads a browser
# build of its own: the tests drive /usr/bin/chromium through the Python playwright package.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-noto-core >/dev/null 2>&1 || missing+=(fonts-noto-core)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} from Debian's packages..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
else
  echo "The browser tests and the PDF/image exports need Debian's ${missing[*]}:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  echo "Without them the browser tests are skipped (and fail in CI); exports say they cannot be made." >&2
fi

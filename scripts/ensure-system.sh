#!/usr/bin/env bash
# Make sure Debian's Chromium, the Noto fonts, nginx and PostgreSQL are present: the browser
# tests use Chromium and the fonts, and so do the PDF and image exports (kaleido drives the same
# Chromium); the deployment tests start nginx in front of several app processes, and a
# PostgreSQL server for the shared dataset store.
# Installs them when missing and this is root; otherwise says how. Never downloads a browser
# build of its own: the tests drive /usr/bin/chromium through the Python playwright package.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-noto-core >/dev/null 2>&1 || missing+=(fonts-noto-core)
if [ "${1:-}" = "--tests" ]; then  # nginx and PostgreSQL only for the tests and benchmarks
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || missing+=(postgresql)
fi
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

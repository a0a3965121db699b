#!/usr/bin/env bash
# Make sure Debian's Chromium and the Noto fonts (and, with --tests, nginx and PostgreSQL) are
# present: the browser tests use Chromium and the fonts, and so do the PDF and image exports
# (kaleido drives the same Chromium); the deployment tests start nginx in front of several app
# processes, and a PostgreSQL server for the shared dataset store.
#
# Installs what is missing when this is root; otherwise says how. Never downloads a browser
# build of its own. Installing starts no service and leaves none enabled: the tests start their
# own nginx and PostgreSQL on loopback and stop them. Undo: apt-get remove the packages named.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-noto-core >/dev/null 2>&1 || missing+=(fonts-noto-core)
if [ "${1:-}" = "--tests" ]; then  # nginx and PostgreSQL only for the tests and benchmarks
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || missing+=(postgresql)
fi

enabled() {  # what is set to start at boot: systemd units and System V links
  ls /etc/systemd/system/*.wants/ /etc/rc[2-5].d/ 2>/dev/null \
    | grep -E '^S[0-9]|\.(service|socket|timer)$' | sort -u || true
}

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
    echo "The browser tests and the PDF/image exports need Debian's ${missing[*]}:" >&2
    echo "  sudo apt-get install ${missing[*]}" >&2
    echo "Without them the browser tests are skipped (and fail in CI); exports say they cannot be made." >&2
    exit 0
  fi
  echo "Installing ${missing[*]} from Debian's packages (no service is started or enabled)..."
  before="$(enabled)"
  # Debian's packages start their service on install unless policy-rc.d says no (101).
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy"
    trap 'rm -f "$policy"' EXIT
  fi
  # No "main" PostgreSQL cluster: the tests make a throwaway one of their own.
  if [[ " ${missing[*]} " == *" postgresql "* ]] && [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  # What the install set to start at boot, and was not before, is switched off again.
  for link in $(comm -13 <(echo "$before") <(enabled)); do
    echo "Not starting at boot: $link (installed for the tests)"
    case "$link" in
      S[0-9][0-9]*)  # System V
        update-rc.d "${link#S[0-9][0-9]}" disable >/dev/null 2>&1 || true ;;
      *)  # systemd
        deb-systemd-helper disable "$link" >/dev/null 2>&1 || true
        rm -f /etc/systemd/system/*.wants/"$link" ;;
    esac
  done
fi

#!/usr/bin/env bash
# Make a PostgreSQL server available for the test suite and print the DATABASE_URL to use.
# 1. A server already answering on 127.0.0.1:5432 (as on CI) is used as it is.
# 2. Otherwise Debian's `postgresql` is installed (apt) and started, and a role for the current
#    user is created; the tests then connect through the local socket.
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && psql -h 127.0.0.1 -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
  echo "postgres://postgres@127.0.0.1:5432/postgres"
  exit 0
fi
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "Installing PostgreSQL from Debian's packages…" >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
fi
version=$(ls /etc/postgresql | sort -V | tail -n 1)
$SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
me=$(id -un)
$SUDO -u postgres psql -tAc "select 1 from pg_roles where rolname='$me'" | grep -q 1 \
  || $SUDO -u postgres createuser --superuser "$me" >&2
echo "postgres://$me@%2Fvar%2Frun%2Fpostgresql/postgres"

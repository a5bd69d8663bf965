#!/usr/bin/env bash
# Make sure a PostgreSQL server answers at 127.0.0.1:5432 with trust auth and a database `test`.
# CI machines start one before the session; elsewhere install and start Debian's.
set -euo pipefail
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if ! command -v pg_isready >/dev/null || ! ready; then
  if ! command -v pg_ctlcluster >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  fi
  version=$(ls /etc/postgresql | sort -V | tail -1)
  conf=/etc/postgresql/$version/main/pg_hba.conf
  grep -q "fazhi-ci" "$conf" || sed -i '1i host all all 127.0.0.1/32 trust # fazhi-ci' "$conf"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  for _ in $(seq 1 30); do ready && break; sleep 1; done
fi
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE test" >/dev/null
echo "PostgreSQL ready at 127.0.0.1:5432"

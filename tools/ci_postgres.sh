#!/usr/bin/env bash
# Start Debian's PostgreSQL for the county tests and print the variables that point them at it.
#
#   eval "$(tools/ci_postgres.sh)"      # then: .venv/bin/python -m pytest tests/county tests/sync
#
# stdout carries only the `export …` lines (so eval works); progress goes to stderr.
# Idempotent and quick on a re-run: each step first checks whether it is already done.
# Installing the package and starting the cluster need root (or password-less sudo).
#
# Settings (environment): CHECKPOINT_PG_ROLE, CHECKPOINT_PG_DB, CHECKPOINT_PG_PASSWORD.
# The role and database are for tests only: the password is not a secret worth keeping.
set -euo pipefail

ROLE=${CHECKPOINT_PG_ROLE:-checkpoint_test}
DB=${CHECKPOINT_PG_DB:-checkpoint_test}
PASSWORD=${CHECKPOINT_PG_PASSWORD:-checkpoint_test}

say() { printf 'ci_postgres: %s\n' "$*" >&2; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    NOT_ROOT=1
  fi
fi
need_root() {
  if [ "${NOT_ROOT:-0}" = 1 ]; then
    say "需要 root 权限 / needs root (or password-less sudo) to: $*"
    exit 1
  fi
}

# 1. The server package (Debian's postgresql brings postgresql-common's pg_ctlcluster).
if ! command -v pg_ctlcluster >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  need_root "apt-get install postgresql"
  say "installing postgresql"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >&2
fi

# 2. A cluster: Debian's package creates "<version> main"; make one if it was removed.
read -r VERSION NAME PORT STATUS _ < <(pg_lsclusters --no-header 2>/dev/null | head -n 1) || true
if [ -z "${VERSION:-}" ]; then
  need_root "pg_createcluster"
  VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  NAME=main
  say "creating cluster $VERSION/$NAME"
  $SUDO pg_createcluster "$VERSION" "$NAME" >&2
  read -r VERSION NAME PORT STATUS _ < <(pg_lsclusters --no-header | head -n 1)
fi

# 3. Running? (pg_ctlcluster works without systemd, as in containers and CI runners.)
if [ "$STATUS" != "online" ]; then
  need_root "pg_ctlcluster $VERSION $NAME start"
  say "starting cluster $VERSION/$NAME on port $PORT"
  $SUDO pg_ctlcluster "$VERSION" "$NAME" start >&2
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || { say "PostgreSQL did not become ready on port $PORT"; exit 1; }

# 4. A role and a database for the tests (as the postgres superuser, over the local socket).
as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"
  else need_root "psql as postgres"; sudo -n -u postgres "$@"; fi
}
psql_su() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" -d postgres "$@"; }

if [ "$(psql_su -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
  say "creating role $ROLE"
  psql_su -c "CREATE ROLE \"$ROLE\" LOGIN CREATEDB PASSWORD '$PASSWORD'"
fi
if [ "$(psql_su -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
  say "creating database $DB"
  psql_su -c "CREATE DATABASE \"$DB\" OWNER \"$ROLE\" ENCODING 'UTF8' TEMPLATE template0"
  # Test data need not survive a power cut: committing without waiting for the WAL flush
  # makes the suite faster. Set on this database only, never on the cluster.
  psql_su -c "ALTER DATABASE \"$DB\" SET synchronous_commit = off"
fi

URL="postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
say "ready: PostgreSQL $VERSION on 127.0.0.1:$PORT, database $DB"
echo "export CHECKPOINT_COUNTY_TEST_DB='$URL'"
echo "export CHECKPOINT_REQUIRE_POSTGRES=1"

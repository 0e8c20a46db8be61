#!/usr/bin/env bash
# Starts a local PostgreSQL for the tests and prints the line that names it to them:
#   eval "$(bash eng/start-postgres.sh)" && dotnet test
# Installs PostgreSQL with apt-get when missing (needs root or sudo), starts the newest installed cluster, and creates
# the role `leasehold` (password `leasehold`) and the database `leasehold_test` if they do not exist. Idempotent.
# Everything but the final export line goes to standard error.
set -euo pipefail

# Run a command as root, or as the postgres superuser (CI runs as root; a developer may have sudo).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

start_local_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! command -v psql >/dev/null 2>&1; then
    echo "Installing PostgreSQL with apt-get" >&2
    as_root apt-get update -qq >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi

  # The newest installed cluster; Debian's package creates "main" on install, but not always (create_main_cluster=false).
  local version cluster
  read -r version cluster _ < <(pg_lsclusters -h | sort -V | tail -n 1) || true
  if [ -z "${version:-}" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    cluster=main
    as_root pg_createcluster "$version" "$cluster" >/dev/null
  fi
  if ! pg_ctlcluster "$version" "$cluster" status >/dev/null 2>&1; then
    as_root pg_ctlcluster "$version" "$cluster" start >&2
  fi
  local port
  port=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $3 }')
  echo "PostgreSQL $version/$cluster is running on port $port" >&2

  # Idempotent: the role and the database are created only if missing.
  as_postgres psql -p "$port" -v ON_ERROR_STOP=1 -qc "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'leasehold') THEN
        CREATE ROLE leasehold LOGIN PASSWORD 'leasehold';
      END IF;
    END \$\$;" >/dev/null
  if [ "$(as_postgres psql -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname = 'leasehold_test'")" != "1" ]; then
    as_postgres createdb -p "$port" -O leasehold leasehold_test
  fi
  echo "export LEASEHOLD_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=leasehold;Password=leasehold;Database=leasehold_test'"
}

start_local_postgres

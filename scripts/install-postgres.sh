#!/usr/bin/env bash
# Installs the PostgreSQL server the warehouse-load tests start (test/harness/postgres-harness.ts): the
# Debian package of the release's major version (bookworm: 15), without its default cluster or service,
# since the tests run their own server in a temp folder on a loopback port. Idempotent: a second run with
# the server present does nothing.
set -euo pipefail
log() { printf '[install-postgres] %s\n' "$*"; }
die() { printf '[install-postgres] ERROR: %s\n' "$*" >&2; exit 1; }

have() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }
if have; then
  log "already there: $(ls -d /usr/lib/postgresql/*/bin | tr '\n' ' ')"
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || die "no apt-get here: install a PostgreSQL server (initdb, pg_ctl under /usr/lib/postgresql/<major>/bin) by hand"
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "run as root or install postgresql by hand"
  SUDO="sudo -n"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq </dev/null
# The major version Debian ships (postgresql depends on postgresql-<major>), pinned by name.
MAJOR="$(apt-cache depends postgresql 2>/dev/null | sed -n 's/.*Depends: postgresql-\([0-9][0-9]*\)$/\1/p' | head -n1)"
[ -n "$MAJOR" ] || die "apt-cache knows no postgresql package (apt-cache policy postgresql)"
# No cluster of the package's own: the tests make theirs.
$SUDO mkdir -p /etc/postgresql-common/createcluster.d
echo 'create_main_cluster = false' | $SUDO tee /etc/postgresql-common/createcluster.d/emr-jobs.conf >/dev/null
log "apt-get install postgresql-$MAJOR"
$SUDO apt-get install -y -qq --no-install-recommends "postgresql-$MAJOR" </dev/null >/dev/null
have || die "postgresql-$MAJOR installed but no initdb under /usr/lib/postgresql/*/bin"
id postgres >/dev/null 2>&1 || die "the package made no 'postgres' user, which the tests run the server as when they run as root"
log "done: $(ls -d /usr/lib/postgresql/*/bin)"

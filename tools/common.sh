#!/usr/bin/env bash
# Shared preparation for `make run`, `make test` and `make lint`.
# Sourced, not executed. Odoo itself is a prerequisite: nothing here installs it.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${RUN_DIR:-$REPO_ROOT/.run}"
ODOO_CONF="$RUN_DIR/odoo.conf"
ADDONS="complaint_management,complaint_portal,complaint_reports"
DB_NAME="${DB_NAME:-complaints}"
HTTP_PORT="${HTTP_PORT:-8069}"
# Prefork: WORKERS HTTP worker processes, one cron worker and the gevent (bus) port; 0 = threaded.
WORKERS="${WORKERS:-0}"
GEVENT_PORT="${GEVENT_PORT:-$((HTTP_PORT + 3))}"
PYTHON="${PYTHON:-python3}"
# libmagic1: python-magic, so that Odoo recognises uploads by their content.
APT_PACKAGES=(postgresql wkhtmltopdf fonts-noto-cjk libmagic1)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$1" >&2; exit "${2:-1}"; }

# Stop at once when Odoo 18.0 is not importable: nothing else can work.
require_odoo() {
    local version
    if ! version=$("$PYTHON" -c "import odoo.release as r; print(r.major_version)" 2>/dev/null); then
        die "Odoo 18.0 is not importable: '$PYTHON -c \"import odoo\"' fails.
Install Odoo 18.0 from its source tree into this Python environment first
(see README.md, section 'Prerequisites'), then run this command again." 3
    fi
    [ "$version" = "18.0" ] || die "Odoo $version found, but these addons need Odoo 18.0 (see README.md)." 3
}

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
    else return 1
    fi
}

# Debian packages the addons need; installed only when absent and when we may.
install_apt_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null 2>&1 || { say "Not a Debian-like system: install ${missing[*]} yourself."; return 0; }
    say "Installing Debian packages: ${missing[*]}"
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null 2>&1; then
        as_root apt-get update -q >/dev/null 2>&1 \
            && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null \
            || say "Could not install ${missing[*]} (no root or no package source); continuing without them."
    fi
}

install_python_requirements() {
    say "Checking Python requirements (requirements.txt)"
    "$PYTHON" -m pip install -q --disable-pip-version-check -r "$REPO_ROOT/requirements.txt" 2>&1 \
        | grep -v -e "Running pip as the 'root' user" -e "is ignored: it is neither a file" || true
    "$PYTHON" -c "import pytest_odoo, websocket, magic" 2>/dev/null \
        || die "The Python requirements are not installed (pip install -r requirements.txt failed)."
}

pg_ready() { pg_isready -q -t 3 >/dev/null 2>&1; }

# Use the server the PG* variables name; otherwise start the local Debian cluster.
ensure_postgresql() {
    if pg_ready && psql -d postgres -Atqc "select 1" >/dev/null 2>&1; then
        return 0
    fi
    if [ -n "${PGHOST:-}" ] && [ "${PGHOST}" != localhost ] && [ "${PGHOST#/}" = "$PGHOST" ] && [ "$PGHOST" != 127.0.0.1 ]; then
        die "PostgreSQL at PGHOST=$PGHOST is not reachable (check PGHOST, PGPORT, PGUSER, PGPASSWORD)."
    fi
    if ! pg_ready; then
        command -v pg_lsclusters >/dev/null 2>&1 || die "No PostgreSQL server reachable and no Debian cluster to start."
        local cluster
        cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
        [ -n "$cluster" ] || die "No local PostgreSQL cluster found (pg_lsclusters is empty)."
        say "Starting the local PostgreSQL cluster $cluster"
        # shellcheck disable=SC2086
        as_root pg_ctlcluster $cluster start || die "Could not start the PostgreSQL cluster $cluster (needs root or sudo)."
        for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
        pg_ready || die "PostgreSQL did not become ready."
    fi
    local role="${PGUSER:-$(id -un)}"
    if ! psql -d postgres -Atqc "select 1" >/dev/null 2>&1; then
        say "Creating the PostgreSQL login role '$role'"
        as_root runuser -u postgres -- psql -q -c "CREATE ROLE \"$role\" LOGIN CREATEDB" \
            || die "Could not create the PostgreSQL role '$role'."
    fi
}

odoo_addons_path() {
    "$PYTHON" - "$REPO_ROOT" <<'PY'
import os, sys
import odoo.addons
paths = [p for p in odoo.addons.__path__ if os.path.isdir(os.path.join(p, "base"))]
root = os.path.dirname(os.path.dirname(paths[0])) if paths else ""
extra = os.path.join(root, "addons")
if os.path.isdir(os.path.join(extra, "web")) and extra not in paths:
    paths.append(extra)
print(",".join(paths + [sys.argv[1]]))
PY
}

write_odoo_conf() {
    mkdir -p "$RUN_DIR/data"
    cat >"$ODOO_CONF" <<CONF
[options]
addons_path = $(odoo_addons_path)
data_dir = $RUN_DIR/data
db_host = ${PGHOST:-False}
db_port = ${PGPORT:-False}
db_user = ${PGUSER:-False}
db_password = ${PGPASSWORD:-False}
http_port = $HTTP_PORT
http_interface = ${HTTP_INTERFACE:-}
gevent_port = $GEVENT_PORT
workers = $WORKERS
max_cron_threads = 1
proxy_mode = ${PROXY_MODE:-False}
list_db = False
CONF
}

db_exists() { [ "$(psql -d postgres -Atqc "select 1 from pg_database where datname = '$1'")" = 1 ]; }

odoo() { "$PYTHON" -m odoo -c "$ODOO_CONF" "$@"; }

# The server's own launcher script (the console script pip installs, else the source tree's
# odoo-bin): prefork mode starts its gevent process as `python <launcher> gevent`, which
# `python -m odoo` cannot be.
odoo_launcher() {
    "$PYTHON" - <<'PY'
import os, sys
import odoo
for path in (
    os.path.join(os.path.dirname(sys.executable), "odoo"),
    os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin"),
):
    if os.path.isfile(path):
        print(path)
        break
PY
}

prepare() {
    require_odoo
    install_apt_packages "${APT_PACKAGES[@]}" "$@"
    install_python_requirements
    ensure_postgresql
    write_odoo_conf
}

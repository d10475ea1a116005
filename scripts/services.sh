#!/usr/bin/env bash
# Local PostgreSQL and Redis on loopback for development, tests and the demo.
#   scripts/services.sh up|down|status|env
# `env` prints the POSTGRES__DSN and REDIS__URL lines that reach them.
# Installs the Debian packages when missing (as root), keeps its own PostgreSQL cluster
# and Redis files in one folder, and is safe to run again at any time.
set -euo pipefail

PG_PORT="${JOBBOT_PG_PORT:-54329}"
REDIS_PORT="${JOBBOT_REDIS_PORT:-63799}"
PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres`
# user, which must be able to reach the folder: the project folder if it can, else
# a folder in the system temp directory named after the project.
default_dir() {
    local dir="$PROJECT_DIR/var/services"
    if [[ $EUID -eq 0 ]]; then
        mkdir -p "$dir"
        if ! su postgres -s /bin/sh -c "test -x '$dir' && test -r '$dir'" 2>/dev/null; then
            dir="${TMPDIR:-/tmp}/jobbot-services-$(printf '%s' "$PROJECT_DIR" | sha1sum | cut -c1-10)"
        fi
    fi
    echo "$dir"
}
SERVICES_DIR="${JOBBOT_SERVICES_DIR:-$(default_dir)}"
PGDATA="$SERVICES_DIR/pg"
REDIS_DIR="$SERVICES_DIR/redis"

log() { echo "services: $*" >&2; }

pg_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
    [[ -n "$dir" && -x "$dir/pg_ctl" ]] && echo "$dir"
}

install_missing() {
    local want=()
    [[ -n "$(pg_bin || true)" ]] || want+=(postgresql)
    command -v redis-server >/dev/null || want+=(redis-server)
    [[ ${#want[@]} -eq 0 ]] && return 0
    if [[ $EUID -ne 0 ]]; then
        log "missing ${want[*]}: install them with 'sudo apt-get install ${want[*]}'"
        exit 1
    fi
    log "installing ${want[*]} from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${want[@]}" >/dev/null
    # The packages start their own default servers; ours run beside them on other ports.
}

as_pg() {
    if [[ $EUID -eq 0 ]]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

pg_up() {
    local bin; bin="$(pg_bin)"
    mkdir -p "$SERVICES_DIR"
    if [[ $EUID -eq 0 ]]; then chown postgres "$SERVICES_DIR"; chmod 755 "$SERVICES_DIR"; fi
    if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
        log "creating PostgreSQL cluster in $PGDATA"
        as_pg "'$bin/initdb' -D '$PGDATA' -U jobbot --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null"
    fi
    if as_pg "'$bin/pg_ctl' -D '$PGDATA' status" >/dev/null 2>&1; then
        log "PostgreSQL already running on 127.0.0.1:$PG_PORT"
    elif "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U jobbot -d postgres -tAc "SELECT 1" >/dev/null 2>&1; then
        # Another checkout's cluster already serves this port with our user: share it.
        log "PostgreSQL of another checkout already serves 127.0.0.1:$PG_PORT; using it"
    else
        as_pg "'$bin/pg_ctl' -D '$PGDATA' -l '$PGDATA/server.log' -w -t 60 start \
            -o \"-p $PG_PORT -c listen_addresses=127.0.0.1 -k '$PGDATA' -c fsync=off\"" >/dev/null
        log "PostgreSQL started on 127.0.0.1:$PG_PORT"
    fi
    if ! as_pg "'$bin/psql' -h 127.0.0.1 -p $PG_PORT -U jobbot -d postgres -tAc \
            \"SELECT 1 FROM pg_database WHERE datname='jobbot'\"" | grep -q 1; then
        as_pg "'$bin/createdb' -h 127.0.0.1 -p $PG_PORT -U jobbot jobbot"
    fi
}

redis_up() {
    mkdir -p "$REDIS_DIR"
    if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
        log "Redis already running on 127.0.0.1:$REDIS_PORT"
        return
    fi
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
        --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
        --save "" --appendonly no >/dev/null
    for _ in $(seq 50); do
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
        sleep 0.1
    done
    log "Redis started on 127.0.0.1:$REDIS_PORT"
}

down() {
    local bin; bin="$(pg_bin || true)"
    if [[ -n "$bin" && -s "$PGDATA/PG_VERSION" ]]; then
        as_pg "'$bin/pg_ctl' -D '$PGDATA' -m fast stop" >/dev/null 2>&1 && log "PostgreSQL stopped" || true
    fi
    if command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
        log "Redis stopped"
    fi
}

status() {
    local bin rc=0; bin="$(pg_bin || true)"
    if [[ -n "$bin" ]] && "$bin/pg_isready" -h 127.0.0.1 -p "$PG_PORT" >/dev/null 2>&1; then
        echo "postgres: up   postgresql://jobbot@127.0.0.1:$PG_PORT/jobbot"
    else
        echo "postgres: down"; rc=1
    fi
    if command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
        echo "redis:    up   redis://127.0.0.1:$REDIS_PORT/0"
    else
        echo "redis:    down"; rc=1
    fi
    return $rc
}

env_lines() {
    echo "POSTGRES__DSN=postgresql://jobbot@127.0.0.1:$PG_PORT/jobbot"
    echo "REDIS__URL=redis://127.0.0.1:$REDIS_PORT/0"
}

# JOBBOT_SERVICES=external: the services already run elsewhere (CI service containers,
# docker compose); POSTGRES__DSN and REDIS__URL name them and nothing is started here.
if [[ "${JOBBOT_SERVICES:-local}" == external ]]; then
    case "${1:-status}" in
        env) echo "POSTGRES__DSN=${POSTGRES__DSN:?set POSTGRES__DSN}"; echo "REDIS__URL=${REDIS__URL:?set REDIS__URL}" ;;
        *) log "external services: ${POSTGRES__DSN:-no POSTGRES__DSN} ${REDIS__URL:-no REDIS__URL}" ;;
    esac
    exit 0
fi

case "${1:-status}" in
    up) install_missing; pg_up; redis_up; status ;;
    down) down ;;
    status) status ;;
    env) env_lines ;;
    *) echo "usage: $0 up|down|status|env" >&2; exit 2 ;;
esac

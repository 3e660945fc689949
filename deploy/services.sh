#!/usr/bin/env bash
# Starts, stops or reports the long-running services the platform uses on one machine:
#   nats  NATS with JetStream, deploy/nats/nats-server.conf, client 127.0.0.1:4222, monitor 127.0.0.1:8222,
#         store ${FAAS_HOME}/data/nats
#   opa   an OPA server on 127.0.0.1:8181 with policy/rego and policy/data (for the `remote` policy engine)
#   dex   Dex (OIDC) on 127.0.0.1:5556 with deploy/dex/config.yaml: demo users, password grant
#   postgres  PostgreSQL for the audit ledger on 127.0.0.1:5433, database and role `faasioflex`, data in
#         ${FAAS_PG_DATA:-/var/lib/faasioflex/postgres} (owned by the postgres user, which PostgreSQL requires)
# Starting also creates, once, the secrets the platform needs under ${FAAS_HOME}/keys (mode 0600): the
# database password, the Ed25519 key signing audit checkpoints, the secret protecting actor identities, and
# the key encrypting function secrets.
# Pid files and logs are ${FAAS_HOME:-~/.cache/faasioflex}/run/<name>.pid and <name>.log. Starting is idempotent:
# a running service is left alone. The binaries come from deploy/bootstrap.sh.
#
# Usage: deploy/services.sh start|stop|status|restart [nats|opa|postgres|dex]...
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
FAAS_HOME="${FAAS_HOME:-$HOME/.cache/faasioflex}"
bin="$FAAS_HOME/bin"
run="$FAAS_HOME/run"
keys="$FAAS_HOME/keys"
pg_bin=/usr/lib/postgresql/15/bin
pg_data="${FAAS_PG_DATA:-/var/lib/faasioflex/postgres}"
pg_port=5433
mkdir -p "$run" "$FAAS_HOME/data/nats"

say() { echo "services: $*"; }

# pid_of NAME: the pid in NAME's pid file, only if that process is still the service (pids get reused).
pid_of() {
    local file="$run/$1.pid" pid
    [ -f "$file" ] || return 1
    pid="$(cat "$file")"
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$(binary_of "$1")" || return 1
    echo "$pid"
}

binary_of() {
    case "$1" in
        nats) echo "$bin/nats-server" ;;
        opa) echo "$bin/opa" ;;
        postgres) echo "$pg_bin/postgres" ;;
        dex) echo "$bin/dex" ;;
    esac
}

# command_of NAME: sets cmd to the service's command line.
command_of() {
    case "$1" in
        nats) cmd=("$bin/nats-server" -c "$root/deploy/nats/nats-server.conf" -sd "$FAAS_HOME/data/nats") ;;
        # Test rules stay out of a serving OPA: they are for `opa test` only.
        opa) cmd=("$bin/opa" run --server --disable-telemetry --addr 127.0.0.1:8181 --ignore '*_test.rego'
            "$root/policy/rego" "$root/policy/data") ;;
        # PostgreSQL refuses to run as root; setpriv switches to its own user without forking.
        postgres) cmd=(setpriv --reuid=postgres --regid=postgres --init-groups "$pg_bin/postgres" -D "$pg_data"
            -p "$pg_port" -c listen_addresses=127.0.0.1 -c unix_socket_directories="$pg_data") ;;
        dex) cmd=("$bin/dex" serve "$root/deploy/dex/config.yaml") ;;
    esac
}

ready() {
    case "$1" in
        nats) curl -sf -o /dev/null 'http://127.0.0.1:8222/healthz?js-enabled-only=true' ;;
        opa) curl -sf -o /dev/null 'http://127.0.0.1:8181/health?bundles' ;;
        postgres) "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" ;;
        dex) curl -sf -o /dev/null 'http://127.0.0.1:5556/dex/.well-known/openid-configuration' ;;
    esac
}

# secret FILE COMMAND...: writes COMMAND's output to FILE (mode 0600) unless FILE exists.
secret() {
    local file="$1"; shift
    [ -s "$file" ] && return
    (umask 077 && "$@" >"$file.new" && mv "$file.new" "$file")
    say "created $file"
}

prepare_secrets() {
    mkdir -p "$keys" && chmod 700 "$keys"
    secret "$keys/postgres-password" openssl rand -hex 24
    secret "$keys/audit-signing.pem" openssl genpkey -algorithm ed25519
    secret "$keys/audit-pseudonym.key" openssl rand -base64 32
    secret "$keys/function-secrets.keys" sh -c 'printf "k1=%s\n" "$(openssl rand -base64 32)"'
}

# Creates the cluster, its role and its database once.
prepare_postgres() {
    [ -f "$pg_data/PG_VERSION" ] && return
    say "initialising PostgreSQL in $pg_data"
    mkdir -p "$pg_data" && chown postgres:postgres "$pg_data" && chmod 700 "$pg_data"
    setpriv --reuid=postgres --regid=postgres --init-groups "$pg_bin/initdb" -D "$pg_data" -U postgres \
        --auth-local=peer --auth-host=scram-sha-256 >"$run/postgres-init.log"
    local cmd
    command_of postgres
    "${cmd[@]}" >>"$run/postgres.log" 2>&1 &
    local pid=$!
    until "$pg_bin/pg_isready" -q -h "$pg_data" -p "$pg_port"; do sleep 0.1; done
    setpriv --reuid=postgres --regid=postgres --init-groups "$pg_bin/psql" -q -h "$pg_data" -p "$pg_port" \
        -U postgres -d postgres -v ON_ERROR_STOP=1 -v password="$(cat "$keys/postgres-password")" <<'SQL'
CREATE ROLE faasioflex LOGIN PASSWORD :'password';
CREATE DATABASE faasioflex OWNER faasioflex;
SQL
    kill "$pid" && wait "$pid" 2>/dev/null || true
}

start_one() {
    local name="$1" pid
    if pid="$(pid_of "$name")"; then
        say "$name already running (pid $pid)"
    else
        [ -x "$(binary_of "$name")" ] || { say "$(binary_of "$name") missing: run deploy/bootstrap.sh" >&2; exit 1; }
        if ready "$name"; then
            say "$name: its port answers, but not from the process in $run/$name.pid (another FAAS_HOME?)" >&2
            exit 1
        fi
        local cmd
        command_of "$name"
        nohup "${cmd[@]}" >>"$run/$name.log" 2>&1 </dev/null &
        echo $! >"$run/$name.pid"
    fi
    await_ready "$name"
}

await_ready() {
    local name="$1"
    for _ in $(seq 1 100); do
        if ready "$name"; then
            say "$name ready (pid $(cat "$run/$name.pid"), log $run/$name.log)"
            return
        fi
        pid_of "$name" >/dev/null || break
        sleep 0.1
    done
    say "$name did not become ready; last lines of $run/$name.log:" >&2
    tail -n 20 "$run/$name.log" >&2 || true
    exit 1
}

stop_one() {
    local name="$1" pid
    if ! pid="$(pid_of "$name")"; then
        rm -f "$run/$name.pid"
        say "$name not running"
        return
    fi
    kill "$pid"
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$run/$name.pid"
    say "$name stopped"
}

status_one() {
    local name="$1" pid
    if pid="$(pid_of "$name")"; then
        if ready "$name"; then say "$name running (pid $pid), ready"; else say "$name running (pid $pid), not ready"; fi
    else
        say "$name stopped"
        return 3
    fi
}

action="${1:-}"
shift || true
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(nats opa postgres dex)
for name in "${names[@]}"; do
    case "$name" in nats | opa | postgres | dex) ;; *) echo "unknown service: $name" >&2; exit 2 ;; esac
done

case "$action" in
    start)
        prepare_secrets
        for name in "${names[@]}"; do
            [ "$name" = postgres ] && prepare_postgres
            start_one "$name"
        done
        ;;
    stop) for name in "${names[@]}"; do stop_one "$name"; done ;;
    restart) for name in "${names[@]}"; do stop_one "$name"; start_one "$name"; done ;;
    status)
        code=0
        for name in "${names[@]}"; do status_one "$name" || code=3; done
        exit "$code"
        ;;
    *) echo "usage: $0 start|stop|status|restart [nats|opa|postgres|dex]..." >&2; exit 2 ;;
esac

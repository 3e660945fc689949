#!/usr/bin/env bash
# Starts, stops or reports the local services the platform runs against: NATS with JetStream
# (deploy/nats/nats-server.conf) and an OPA server loaded with policy/ (for the `remote` policy engine).
# Usage: deploy/services.sh start|stop|status
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
FAAS_HOME="${FAAS_HOME:-$HOME/.cache/faasioflex}"
bin="$FAAS_HOME/bin"
run="$FAAS_HOME/run"
mkdir -p "$run" "$FAAS_HOME/data/nats"

running() { [ -f "$run/$1.pid" ] && kill -0 "$(cat "$run/$1.pid")" 2>/dev/null; }

# wait_for NAME URL-or-port-check...
wait_for() {
    local name="$1"; shift
    for _ in $(seq 1 50); do
        "$@" >/dev/null 2>&1 && { echo "services: $name ready"; return; }
        sleep 0.2
    done
    echo "services: $name did not become ready; see $run/$name.log" >&2
    exit 1
}

start_one() {
    local name="$1"; shift
    if running "$name"; then
        echo "services: $name already running (pid $(cat "$run/$name.pid"))"
        return
    fi
    nohup "$@" >"$run/$name.log" 2>&1 &
    echo $! >"$run/$name.pid"
}

start() {
    start_one nats "$bin/nats-server" -c "$root/deploy/nats/nats-server.conf" -sd "$FAAS_HOME/data/nats"
    wait_for nats curl -sf http://127.0.0.1:8222/healthz?js-enabled-only=true
    start_one opa "$bin/opa" run --server --disable-telemetry --addr 127.0.0.1:8181 \
        "$root/policy/rego" "$root/policy/data"
    wait_for opa curl -sf http://127.0.0.1:8181/health
}

stop() {
    for name in opa nats; do
        if running "$name"; then
            kill "$(cat "$run/$name.pid")"
            echo "services: $name stopped"
        fi
        rm -f "$run/$name.pid"
    done
}

status() {
    for name in nats opa; do
        if running "$name"; then echo "$name: running"; else echo "$name: stopped"; fi
    done
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac

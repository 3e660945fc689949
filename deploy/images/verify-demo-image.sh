#!/usr/bin/env bash
# Checks the container contract by hand, the way the platform runs a function: the demo image under every
# hardening flag, the watchdog mounted read-only as the entrypoint, and its socket in a host directory.
# Prints one line per check and exits non-zero on the first failure. Needs deploy/bootstrap.sh first.
#
# Usage: deploy/images/verify-demo-image.sh [watchdog-binary]   (default ${FAAS_HOME:-~/.cache/faasioflex}/bin/watchdog)
set -euo pipefail
watchdog="${1:-${FAAS_HOME:-$HOME/.cache/faasioflex}/bin/watchdog}"
image=faasioflex/busybox-demo:1
hardening=(--network none --cap-drop ALL --security-opt no-new-privileges --read-only
    --tmpfs /tmp:rw,size=16m --pids-limit 64 --memory 64m --cpus 0.5 --user 65534:65534)
work="$(mktemp -d)"
containers=()
cleanup() {
    [ ${#containers[@]} -eq 0 ] || docker rm -f "${containers[@]}" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

# start NAME ENV...: runs the image hardened with the watchdog and waits until its health check answers 200.
start() {
    local name="$1" dir="$work/$1" container="faas-verify-$$-$1" env=() pair
    shift
    for pair in "$@"; do env+=(-e "$pair"); done
    mkdir -p "$dir" && chmod 0777 "$dir"
    containers+=("$container")
    docker run -d --name "$container" "${hardening[@]}" \
        -v "$watchdog:/faas/bin/watchdog:ro" -v "$dir:/faas/run" --entrypoint /faas/bin/watchdog \
        "${env[@]}" "$image" >/dev/null
    for _ in $(seq 1 100); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' --unix-socket "$dir/watchdog.sock" http://fn/healthz)" = 200 ] \
            && return
        sleep 0.05
    done
    echo "verify: $name never became healthy; its log:" >&2
    docker logs "$container" >&2
    exit 1
}

# expect NAME STATUS ERROR-CODE BODY-OR-EMPTY: one POST /invoke with body "hello", checked.
expect() {
    local name="$1" status="$2" code="$3" body="$4" headers="$work/$1.headers" out="$work/$1.out" got
    got="$(curl -s -o "$out" -D "$headers" -w '%{http_code}' --unix-socket "$work/$name/watchdog.sock" \
        -d hello http://fn/invoke)"
    local error
    error="$(grep -i '^X-Faas-Error:' "$headers" | cut -d' ' -f2 | tr -d '\r' || true)"
    if [ "$got" != "$status" ] || [ "$error" != "$code" ] || { [ -n "$body" ] && [ "$(cat "$out")" != "$body" ]; }; then
        echo "verify: $name: want $status ${code:-ok} ${body:+\"$body\"}, got $got ${error:-ok} \"$(head -c 200 "$out")\"" >&2
        exit 1
    fi
    echo "verify: $name -> $got ${code:-ok} $(tr -d '\n' <"$out" | head -c 100)"
}

"$(dirname "$0")/build-demo-images.sh" >/dev/null
start stdio FAAS_MODE=stdio 'FAAS_COMMAND=["/bin/cat"]'
expect stdio 200 "" hello
start http FAAS_MODE=http FAAS_UPSTREAM=http://127.0.0.1:8080/cgi-bin/echo \
    'FAAS_START_COMMAND=["/bin/busybox","httpd","-f","-p","127.0.0.1:8080","-h","/www"]'
expect http 200 "" hello
start oom FAAS_MODE=stdio \
    'FAAS_COMMAND=["/bin/sh","-c","x=$(head -c 200000000 /dev/zero | tr '"'\\\\0'"' a); echo $x | wc -c"]'
expect oom 502 crash ""
start exit FAAS_MODE=stdio 'FAAS_COMMAND=["/bin/sh","-c","exit 3"]'
expect exit 502 exit ""
start timeout FAAS_MODE=stdio 'FAAS_COMMAND=["/bin/sleep","30"]' FAAS_TIMEOUT_MS=1000
expect timeout 504 timeout ""
echo "verify: all checks passed"

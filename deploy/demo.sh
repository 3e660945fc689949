#!/usr/bin/env bash
# Brings FaaSioFlex up on this machine and runs its main job end to end: installs and starts what is missing,
# builds the platform and the demo function image, starts the platform, registers a function, invokes it in a
# hardened container, and prints the function's output and the audit events of the run. Every step checks the
# status it expects and stops the demo with a message otherwise; a platform port already in use stops it before
# anything is built or started (FAAS_DEMO_PORT picks another).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source deploy/lib/java.sh
FAAS_HOME="${FAAS_HOME:-$HOME/.cache/faasioflex}"
run="$FAAS_HOME/run"
port="${FAAS_DEMO_PORT:-8080}"
dex="http://127.0.0.1:5556/dex"
api="http://127.0.0.1:$port"

fail() {
    echo "demo: FAILED: $*" >&2
    exit 1
}

# require_free_port: stops the demo when something already accepts connections on the platform's port. The demo's
# own platform could not listen there, and every step would talk to that other process instead.
require_free_port() {
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        fail "port $port on 127.0.0.1 is already in use by another process, so the demo's platform cannot listen" \
            "there; stop that process or run the demo on a free port, for example FAAS_DEMO_PORT=18080 $0"
    fi
}
require_free_port

./deploy/bootstrap.sh --services

echo "demo: building the platform"
./mvnw -B -q --no-transfer-progress package -DskipTests -Dspotless.check.skip=true
jar="$(ls platform/target/faasioflex-platform-*.jar | grep -v original | head -n 1)"

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

require_free_port   # again: the build took a while
DATASOURCES_DEFAULT_PASSWORD="$(cat "$FAAS_HOME/keys/postgres-password")" java -jar "$jar" \
    -micronaut.server.port="$port" \
    -micronaut.security.token.jwt.signatures.jwks.issuer.url="$dex/keys" \
    -micronaut.security.token.jwt.claims-validators.issuer="$dex" \
    -micronaut.security.token.jwt.claims-validators.audience=faasioflex \
    -faas.audit.checkpoint-interval=2s \
    >"$run/platform.log" 2>&1 &
pids+=($!)

echo "demo: waiting for the platform on $api"
for _ in $(seq 1 120); do
    curl -sf "$api/health" >/dev/null 2>&1 && break
    kill -0 "${pids[0]}" 2>/dev/null || { tail -n 40 "$run/platform.log"; fail "the demo's platform exited"; }
    sleep 0.5
done
curl -sf "$api/health" >/dev/null || { tail -n 40 "$run/platform.log"; fail "the platform did not become healthy"; }
kill -0 "${pids[0]}" 2>/dev/null || { tail -n 40 "$run/platform.log"; fail "the demo's platform exited"; }
echo "demo: health: $(curl -s "$api/health")"

# login USER PASSWORD: an ID token from Dex's password grant (demo users of deploy/dex/config.yaml; their
# roles per namespace are bound in policy/data/faas/tenancy/data.json)
login() {
    curl -sf -u faasioflex:faasioflex-demo-secret -d grant_type=password -d "username=$1" -d "password=$2" \
        -d 'scope=openid email profile' "$dex/token" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["id_token"])'
}
echo "demo: logging in through Dex as developer@example.com and auditor@example.com (password grant)"
developer="$(login developer@example.com developer-demo-password)" || fail "Dex refused the developer's login"
auditor="$(login auditor@example.com auditor-demo-password)" || fail "Dex refused the auditor's login"

# call METHOD PATH TOKEN [curl args...]: keeps the body in $run/last-body, remembers status and request id (an
# empty status when nothing answered)
call() {
    local method="$1" path="$2" bearer="$3"; shift 3
    local headers; headers="$(mktemp)"
    : >"$run/last-body"
    curl -s -X "$method" -D "$headers" -o "$run/last-body" -H "Authorization: Bearer $bearer" "$@" "$api$path" || true
    status="$(head -n 1 "$headers" | cut -d' ' -f2)"
    request_id="$(grep -i '^x-request-id:' "$headers" | tr -d '\r' | cut -d' ' -f2 || true)"
    request_ids+=("$request_id")
    rm -f "$headers"
}
request_ids=()

# expect_status WHAT STATUS...: stops the demo unless the last call answered one of the statuses
expect_status() {
    local what="$1" wanted; shift
    for wanted in "$@"; do
        [ "$status" = "$wanted" ] && return 0
    done
    fail "$what answered HTTP ${status:-nothing}, expected $*: $(head -c 500 "$run/last-body")"
}

call DELETE /functions/hello "$developer"   # a previous run's function, if any (404 otherwise)
expect_status "removing a previous run's function" 204 404
request_ids=()

echo
echo "demo: registering function default/hello (image faasioflex/busybox-demo:1, stdio mode)"
call POST /functions "$developer" -H 'Content-Type: application/json' -d '{
  "name": "hello", "image": "faasioflex/busybox-demo:1", "mode": "stdio",
  "command": ["/bin/sh", "-c", "echo \"Hello, $(cat)! I run as uid $(id -u) with no network: $(ls /sys/class/net | tr \"\\n\" \" \")\""],
  "memoryMb": 64, "cpus": 0.5, "timeoutMs": 5000, "maxInstances": 2}'
echo "  -> HTTP $status: $(cat "$run/last-body")"
expect_status "registering default/hello" 201

for attempt in cold warm; do
    echo "demo: invoking default/hello ($attempt)"
    call POST /functions/hello/invoke "$developer" -H 'Content-Type: text/plain' --data-binary 'FaaSioFlex'
    echo "  -> HTTP $status, function output: $(cat "$run/last-body")"
    expect_status "the $attempt invocation" 200
done

echo "demo: data-loss prevention (the function is classified internal)"
call POST /functions/hello/invoke "$developer" -H 'Content-Type: text/plain' --data-binary 'card 4111 1111 1111 1111'
echo "  -> a card number echoed back is redacted: HTTP $status, output: $(cat "$run/last-body")"
expect_status "the invocation with a card number" 200
if grep -q '4111 1111 1111 1111' "$run/last-body" || ! grep -q 'REDACTED' "$run/last-body"; then
    fail "the card number came back without redaction"
fi
call POST /functions/hello/invoke "$developer" -H 'Content-Type: text/plain' \
    --data-binary $'-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----'
echo "  -> a private key is blocked before the function runs: HTTP $status, $(cat "$run/last-body")"
expect_status "the invocation with a private key" 403
grep -q '"code":"dlp_blocked"' "$run/last-body" || fail "the private key was refused, but not by data-loss prevention"

echo
: >"$run/first-sequence"
echo "demo: audit events of this run, as projected into the PostgreSQL ledger (read with an auditor's token)"
for id in "${request_ids[@]}"; do
    for _ in $(seq 1 50); do   # the projector follows the stream within a moment
        curl -s -H "Authorization: Bearer $auditor" "$api/audit?requestId=$id&limit=50" -o "$run/audit.json" || true
        grep -q '"action":"api.call"' "$run/audit.json" && break
        sleep 0.2
    done
    grep -q '"action":"api.call"' "$run/audit.json" || fail "the ledger shows no events of request $id"
    python3 - "$run/audit.json" "$run/first-sequence" <<'PY'
import json, sys
page = json.load(open(sys.argv[1]))
first = sys.argv[2]
if page["records"] and not open(first).read().strip():
    open(first, "w").write(str(page["records"][0]["sequence"]))
for record in page["records"]:
    e = record["event"]
    target = e["target"]
    name = "/".join(p for p in (target["namespace"], target["name"]) if p)
    version = f' v{target["version"]}' if target["version"] else ""
    extra = " ".join(f"{k}={v}" for k, v in sorted(e["details"].items()) if v)
    if e["findings"]:
        extra += " findings=" + ",".join(f"{k}:{v}" for k, v in sorted(e["findings"].items()))
    print(f'  #{record["sequence"]:<5} {e["time"][11:23]} {e["action"]:<17} {e["outcome"]:<8} '
          f'actor={e["actor"]["subject"] or "-"} target={name or "-"}{version} '
          f'latency={e["latencyMicros"]}us request={e["requestId"][:8]} hash={record["hash"][:12]} '
          f'{e["reason"]} {extra}')
PY
done

echo
echo "demo: verifying the ledger's hash chain and signed checkpoints over this run"
sleep 3   # let the projector sign a checkpoint over the run (every 2 s in this demo)
call POST /audit/verify "$auditor" -H 'Content-Type: application/json' -d "{\"from\": $(cat "$run/first-sequence")}"
expect_status "verifying the ledger" 200
cp "$run/last-body" "$run/verify.json"
python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); print("  " + v["summary"]); sys.exit(0 if v["intact"] else 1)' \
    "$run/verify.json"
echo
echo "demo: done. Platform log: $run/platform.log"

#!/usr/bin/env bash
# Runs the whole test suite: the watchdog's Go tests, the Rego tests (opa test, inside the policy module's
# build), and every Java unit and integration test against real Docker Engine, NATS, OPA and PostgreSQL.
# Installs and starts what is missing first; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/lib/java.sh

./deploy/bootstrap.sh

echo "== watchdog: go test"
(cd watchdog && go test ./...)

echo "== maven verify"
./mvnw -B --no-transfer-progress verify

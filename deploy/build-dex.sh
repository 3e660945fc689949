#!/usr/bin/env bash
# Builds the Dex identity provider from the Go module proxy into
# ${FAAS_HOME:-~/.cache/faasioflex}/bin/dex-<version>/dex and points bin/dex at it.
# Idempotent: rebuilds only when the pin below changes. Prints one line per step.
#
# Why a throw-away module: Dex's module path has no /v2 although its tags are v2.x, and its go.mod
# replaces github.com/dexidp/dex/api/v2 with a local directory, so `go install dex@v2.x` cannot work.
# A module that requires Dex by pseudo-version builds it; replace directives of a dependency are
# ignored, so the API submodule is required explicitly at the pseudo-version of the same commit.
#
# TODO: move to a newer Dex. v2.45.1 (commit 11d2eeb52b42e1980e14cb91e69dd9e3faab2076) carries groups on
# static passwords, and upstream merged the client_credentials grant in 2026 (dexidp/dex#4583); but the
# Go module proxy reachable here refuses that commit (403 "This module version is not available") and
# newer commits tried, so v2.41.1, the newest upstream commit found that it serves, is pinned.
# Until then groups reach tokens only through a connector: in tests, v2.41.1's LDAP connector reads them from a
# private slapd loaded with deploy/ldap/directory.ldif (DexGroupsIT); the local and compose Dex still use
# static users, without groups.
set -euo pipefail

# The pin: a release name and the pseudo-versions of its commit (the three move together).
DEX_VERSION=v2.41.1
DEX_MODULE_VERSION=v0.0.0-20240807174518-43956db7fd75
DEX_API_MODULE_VERSION=v2.1.1-0.20240807174518-43956db7fd75

FAAS_HOME="${FAAS_HOME:-$HOME/.cache/faasioflex}"
bin="$FAAS_HOME/bin"
dir="$bin/dex-${DEX_VERSION#v}"
marker="$dir/module-version"

step() { echo "build-dex: $*"; }

if [ -x "$dir/dex" ] && [ "$(cat "$marker" 2>/dev/null)" = "$DEX_MODULE_VERSION" ]; then
    step "dex $DEX_VERSION cached at $dir/dex"
else
    command -v go >/dev/null || { echo "build-dex: go is not installed" >&2; exit 1; }
    command -v gcc >/dev/null || { echo "build-dex: gcc is needed (Dex links SQLite through cgo)" >&2; exit 1; }
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    step "resolving github.com/dexidp/dex@$DEX_MODULE_VERSION ($DEX_VERSION)"
    (
        cd "$work"
        go mod init faasioflex.local/dex-build >/dev/null 2>&1
        go get "github.com/dexidp/dex@$DEX_MODULE_VERSION" "github.com/dexidp/dex/api/v2@$DEX_API_MODULE_VERSION" 2>"$work/get.log" \
            || { cat "$work/get.log" >&2; exit 1; }
    )
    step "compiling dex $DEX_VERSION (a few minutes on 2 cores, once)"
    started=$(date +%s)
    mkdir -p "$dir"
    (
        cd "$work"
        CGO_ENABLED=1 GOFLAGS=-mod=mod go build -trimpath \
            -ldflags "-s -w -X main.version=$DEX_VERSION" -o "$dir/dex.new" github.com/dexidp/dex/cmd/dex \
            2>"$work/build.log" || { cat "$work/build.log" >&2; exit 1; }
    )
    mv "$dir/dex.new" "$dir/dex"
    echo "$DEX_MODULE_VERSION" >"$marker"
    step "compiled in $(($(date +%s) - started)) s"
fi

ln -sfn "dex-${DEX_VERSION#v}/dex" "$bin/dex"
step "dex $DEX_VERSION ready: $("$bin/dex" version 2>&1 | head -1)"

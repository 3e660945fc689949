#!/usr/bin/env bash
# Installs what the platform and its tests need on Debian 12 and starts the container engine.
# Idempotent: a second run only checks. Binaries built from the Go module proxy are pinned in
# deploy/versions.env and cached under ${FAAS_HOME:-~/.cache/faasioflex}/bin.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/deploy/versions.env"
FAAS_HOME="${FAAS_HOME:-$HOME/.cache/faasioflex}"
bin="$FAAS_HOME/bin"
mkdir -p "$bin"

step() { echo "bootstrap: $*"; }

install_packages() {
    local missing=()
    command -v dockerd >/dev/null || missing+=(docker.io)
    [ -x /bin/busybox ] && /bin/busybox --help >/dev/null 2>&1 || missing+=(busybox-static)
    command -v curl >/dev/null || missing+=(curl)
    [ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql)
    if [ ${#missing[@]} -gt 0 ]; then
        step "installing ${missing[*]}"
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
        # the packages' own services are not wanted: the project starts what it needs itself
        pg_ctlcluster 15 main stop >/dev/null 2>&1 || true
    else
        step "debian packages present"
    fi
}

# go_binary NAME VERSION PACKAGE: builds PACKAGE@VERSION into bin/NAME-VERSION and points bin/NAME at it.
go_binary() {
    local name="$1" version="$2" package="$3" dir="$bin/$1-${2#v}"
    if [ ! -x "$dir/$name" ]; then
        step "building $name $version from the Go module proxy (takes a few minutes once)"
        GOBIN="$dir" CGO_ENABLED=0 GOFLAGS=-mod=mod go install "$package@$version"
    fi
    ln -sfn "$name-${version#v}/$name" "$bin/$name"
    step "$name $version ready"
}

build_watchdog() {
    (cd "$root/watchdog" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$bin/watchdog.new" .)
    mv "$bin/watchdog.new" "$bin/watchdog"
    step "watchdog built"
}

start_docker() {
    if docker info >/dev/null 2>&1; then
        step "docker engine running"
        return
    fi
    step "starting docker engine"
    mkdir -p "$FAAS_HOME/run"
    nohup dockerd >"$FAAS_HOME/run/dockerd.log" 2>&1 &
    for _ in $(seq 1 60); do
        docker info >/dev/null 2>&1 && { step "docker engine running"; return; }
        sleep 0.5
    done
    echo "docker engine did not start; see $FAAS_HOME/run/dockerd.log" >&2
    exit 1
}

install_packages
go_binary nats-server "$NATS_SERVER_VERSION" github.com/nats-io/nats-server/v2
go_binary opa "$OPA_VERSION" github.com/open-policy-agent/opa
build_watchdog
start_docker
"$root/deploy/images/build-demo-images.sh"

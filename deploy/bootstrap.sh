#!/usr/bin/env bash
# Installs and prepares what the platform and its tests need on Debian 12, as root. Idempotent and cheap to
# repeat: each step checks first and prints one line.
#
#   deploy/bootstrap.sh              packages, pinned binaries, watchdog, Docker Engine, demo images
#   deploy/bootstrap.sh --services   the same, then NATS, OPA and PostgreSQL (deploy/services.sh start)
#
# Everything built lands outside the repository under ${FAAS_HOME:-~/.cache/faasioflex}:
#   bin/nats-<version>/nats-server, bin/opa-<version>/opa  (pinned in deploy/versions.env)
#   bin/nats-server, bin/opa                               (links to the pinned builds)
#   bin/watchdog                                           (static, mounted into function containers)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=versions.env
source "$root/deploy/versions.env"
export FAAS_HOME="${FAAS_HOME:-$HOME/.cache/faasioflex}"
bin="$FAAS_HOME/bin"
mkdir -p "$bin" "$FAAS_HOME/run"

start_services=false
for arg in "$@"; do
    case "$arg" in
        --services) start_services=true ;;
        *) echo "usage: $0 [--services]" >&2; exit 2 ;;
    esac
done

step() { echo "bootstrap: $*"; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# Tests run private slapd servers from deploy/ldap (LdapDirectory), never the package's own. Left alone, the package
# would ask for an administrator password, create a directory for this host's domain and start a system slapd on
# port 389. Preseeding "no configuration" skips the directory and the question; the sentinel file makes the init
# script (also behind systemd, which runs it through its sysv generator) decline to start, now and at boot.
# Delete /etc/ldap/noslapd to run a system slapd deliberately.
keep_system_slapd_unconfigured() {
    echo "slapd slapd/no_configuration boolean true" | debconf-set-selections
    mkdir -p /etc/ldap
    touch /etc/ldap/noslapd
}

install_packages() {
    local missing=() package
    for package in docker.io busybox-static curl postgresql openssl slapd ldap-utils; do
        installed "$package" || missing+=("$package")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        step "debian packages present (docker.io busybox-static curl postgresql openssl slapd ldap-utils)"
        return
    fi
    step "installing ${missing[*]}"
    if [[ " ${missing[*]} " == *" slapd "* ]]; then
        keep_system_slapd_unconfigured
    fi
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    # The package's own cluster is not used: tests start their own PostgreSQL, the platform is configured.
    if [[ " ${missing[*]} " == *" postgresql "* ]]; then
        pg_ctlcluster 15 main stop >/dev/null 2>&1 || true
    fi
}

require_go() {
    command -v go >/dev/null && return
    for candidate in /usr/local/go/bin /usr/lib/go/bin; do
        [ -x "$candidate/go" ] && { export PATH="$candidate:$PATH"; return; }
    done
    echo "bootstrap: no Go toolchain found (Go 1.25 or newer is needed to build nats-server and opa)" >&2
    exit 1
}

# go_binary DIR BINARY VERSION PACKAGE: builds PACKAGE@VERSION into bin/DIR-VERSION/BINARY unless it is there,
# and points bin/BINARY at it.
go_binary() {
    local dir="$1-${3#v}" binary="$2" version="$3" package="$4"
    if [ ! -x "$bin/$dir/$binary" ]; then
        step "building $binary $version from the Go module proxy (a few minutes, once)"
        rm -rf "$bin/$dir.tmp"
        (cd / && GOBIN="$bin/$dir.tmp" CGO_ENABLED=0 GOFLAGS= go install "$package@$version")
        rm -rf "$bin/$dir"
        mv "$bin/$dir.tmp" "$bin/$dir"
    fi
    ln -sfn "$dir/$binary" "$bin/$binary"
    step "$binary $version at $bin/$binary"
}

# The watchdog is rebuilt on every run (Go's build cache makes an unchanged one take a moment) and replaced
# only when its content changed.
build_watchdog() {
    (cd "$root/watchdog" && CGO_ENABLED=0 GOFLAGS= go build -trimpath -ldflags "-s -w" -o "$bin/watchdog.new" .)
    if cmp -s "$bin/watchdog.new" "$bin/watchdog"; then
        rm -f "$bin/watchdog.new"
        step "watchdog up to date at $bin/watchdog"
    else
        mv -f "$bin/watchdog.new" "$bin/watchdog"
        step "watchdog built at $bin/watchdog ($(stat -c %s "$bin/watchdog") bytes)"
    fi
}

start_docker() {
    if docker info >/dev/null 2>&1; then
        step "docker engine running"
        return
    fi
    step "starting docker engine (log: $FAAS_HOME/run/dockerd.log)"
    nohup dockerd >"$FAAS_HOME/run/dockerd.log" 2>&1 &
    for _ in $(seq 1 120); do
        if docker info >/dev/null 2>&1; then
            step "docker engine running"
            return
        fi
        sleep 0.25
    done
    echo "bootstrap: the docker engine did not start; see $FAAS_HOME/run/dockerd.log" >&2
    exit 1
}

install_packages
require_go
go_binary nats nats-server "$NATS_SERVER_VERSION" github.com/nats-io/nats-server/v2
go_binary opa opa "$OPA_VERSION" github.com/open-policy-agent/opa
"$root/deploy/build-dex.sh"
build_watchdog
start_docker
"$root/deploy/images/build-demo-images.sh"
if $start_services; then
    "$root/deploy/services.sh" start
fi

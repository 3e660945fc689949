#!/usr/bin/env bash
# Builds the demo function images locally with `docker build` (there is no registry to pull from):
#   faasioflex/busybox-demo:1  from examples/functions/busybox-demo, FROM scratch with Debian's static busybox
# Idempotent: an image is rebuilt only when the label faasioflex.content (a hash of everything that goes into
# it) differs from what its sources give now.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
busybox=/bin/busybox

say() { echo "images: $*"; }

# Only the static build runs on an empty base; Debian's plain busybox package is linked dynamically.
require_static_busybox() {
    if ! dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q "install ok installed"; then
        say "installing busybox-static"
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q busybox-static >/dev/null
    fi
}

# content_hash DIR: one hash over the busybox binary and every file of DIR with its mode, in a stable order.
content_hash() {
    (
        sha256sum "$busybox" | cut -d' ' -f1
        cd "$1"
        find . -type f -print0 | LC_ALL=C sort -z | xargs -0 stat -c '%a %n'
        find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    ) | sha256sum | cut -c1-32
}

# build IMAGE DIR: builds DIR (a Dockerfile expecting ./busybox in its context) as IMAGE unless up to date.
build() {
    local image="$1" source_dir="$2" hash current context
    hash="$(content_hash "$source_dir")"
    current="$(docker image inspect -f '{{index .Config.Labels "faasioflex.content"}}' "$image" 2>/dev/null || true)"
    if [ "$current" = "$hash" ]; then
        say "$image up to date"
        return
    fi
    context="$(mktemp -d)"
    cp -a "$source_dir/." "$context/"
    cp "$busybox" "$context/busybox"
    # The classic builder: Debian's engine has no buildx plugin; its deprecation notice is only noise here.
    if ! DOCKER_BUILDKIT=0 docker build -q --label "faasioflex.content=$hash" -t "$image" "$context" \
        >"$context.log" 2>&1; then
        say "building $image failed:" >&2
        cat "$context.log" >&2
        rm -rf "$context" "$context.log"
        exit 1
    fi
    rm -rf "$context" "$context.log"
    say "$image built ($(docker image inspect -f '{{.Size}}' "$image") bytes)"
}

require_static_busybox
build faasioflex/busybox-demo:1 "$root/examples/functions/busybox-demo"

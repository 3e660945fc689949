#!/usr/bin/env bash
# Builds the demo function image locally (no registry is needed). Skips the build when an image with the
# same content label exists already.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
source_dir="$root/examples/functions/busybox-demo"
image="faasioflex/busybox-demo:1"

busybox=/bin/busybox   # Debian's busybox-static: one static binary, runs on an empty base
[ -x "$busybox" ] || { echo "busybox-static is not installed (apt-get install busybox-static)" >&2; exit 1; }

digest="$( (cat "$busybox"; tar -C "$source_dir" --sort=name --mtime=@0 --owner=0 --group=0 -cf - .) | sha256sum | cut -c1-16)"
if [ "$(docker image inspect -f '{{index .Config.Labels "faasioflex.content"}}' "$image" 2>/dev/null || true)" = "$digest" ]; then
    echo "image $image is up to date"
    exit 0
fi

context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
cp -r "$source_dir/." "$context/"
cp "$busybox" "$context/busybox"
DOCKER_BUILDKIT=0 docker build -q --label "faasioflex.content=$digest" -t "$image" "$context" >/dev/null
echo "built image $image"

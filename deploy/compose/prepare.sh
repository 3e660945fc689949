#!/usr/bin/env bash
# Prepares a Docker host for docker-compose.yml; run it once, as root, from anywhere, before `docker compose up`.
#
#   1. Generates the stack's secrets under deploy/compose/secrets/ (ignored by git), once; an existing file is
#      kept, so rerunning never rotates a key by accident:
#        postgres-admin-password  the password of PostgreSQL's superuser postgres (for the operator only)
#        postgres-password     the password of the database role faasioflex (the platform's, no superuser)
#        audit-signing-key     Ed25519 private key (PEM) signing the audit ledger's checkpoints
#        audit-pseudonym-key   Base64 256-bit secret wrapping the per-subject keys of the audit ledger
#        dex-client-secret     secret of Dex's client "faasioflex" (the password grant needs it)
#        function-secrets-key  k1=<Base64 256-bit AES key> sealing function secrets at rest (faas.secrets.key-file)
#      Compose mounts file secrets with the file's own owner and mode, so each file is made readable by the
#      container user that needs it and nobody else: root and the Docker socket's group (the platform's group,
#      see deploy/platform/Dockerfile; that group controls the engine already) for the platform's secrets (the
#      PostgreSQL container reads its own as root), uid 1001 (the Dex image's user) for Dex's.
#   2. Creates the host paths the platform container shares with the Docker Engine at the same path (see the
#      comment on the platform service in docker-compose.yml): /var/lib/faasioflex/bin/watchdog, copied from
#      $FAAS_WATCHDOG (default ~/.cache/faasioflex/bin/watchdog, built by deploy/bootstrap.sh), the instances
#      directory /var/lib/faasioflex/instances and the secret files' directory /dev/shm/faasioflex (memory only;
#      a reboot empties /dev/shm, so run this script again after one), both writable by the platform's group only.
#   3. Prints the DOCKER_GID to export for `docker compose build`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
secrets="$here/secrets"
host_root=/var/lib/faasioflex
secrets_host_dir=/dev/shm/faasioflex
watchdog="${FAAS_WATCHDOG:-$HOME/.cache/faasioflex/bin/watchdog}"
socket=/var/run/docker.sock
dex_uid=1001

say() { echo "prepare: $*"; }
die() { echo "prepare: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root: the secrets and $host_root get owners other than you"
[ -S "$socket" ] || die "$socket missing: start the Docker Engine first"
docker_gid="$(stat -c %g "$socket")"

# secret NAME OWNER MODE COMMAND...: writes COMMAND's output to secrets/NAME unless it exists, then fixes owner
# and mode (also of an existing file, so a copied-in file gets them too).
secret() {
    local file="$secrets/$1" owner="$2" mode="$3"
    shift 3
    if [ ! -s "$file" ]; then
        (umask 077 && "$@" >"$file.new" && mv "$file.new" "$file")
        say "created $file"
    fi
    chown "$owner" "$file"
    chmod "$mode" "$file"
}

mkdir -p "$secrets"
chmod 755 "$secrets"
secret postgres-admin-password 0:0 0600 openssl rand -hex 24
secret postgres-password "0:$docker_gid" 0640 openssl rand -hex 24
secret audit-signing-key "0:$docker_gid" 0640 openssl genpkey -algorithm ed25519
secret audit-pseudonym-key "0:$docker_gid" 0640 openssl rand -base64 32
secret dex-client-secret "$dex_uid:$dex_uid" 0400 openssl rand -hex 24
secret function-secrets-key "0:$docker_gid" 0640 sh -c 'printf "k1=%s\n" "$(openssl rand -base64 32)"'

[ -x "$watchdog" ] || die "no watchdog at $watchdog: run deploy/bootstrap.sh or set FAAS_WATCHDOG"
install -d -m 0755 "$host_root" "$host_root/bin"
install -m 0555 "$watchdog" "$host_root/bin/watchdog"
say "watchdog installed at $host_root/bin/watchdog"
# The platform creates one directory per instance here (mode 0777, so the function's user can create its socket).
install -d -o 0 -g "$docker_gid" -m 2770 "$host_root/instances"
say "instances directory $host_root/instances (group $docker_gid)"
[ "$(stat -f -c %T /dev/shm)" = tmpfs ] || die "/dev/shm is not a tmpfs: secret files would reach a disk"
install -d -o 0 -g "$docker_gid" -m 2770 "$secrets_host_dir"
say "secret files directory $secrets_host_dir (group $docker_gid, memory only)"

say "done; build and start with:"
echo "    DOCKER_GID=$docker_gid docker compose build && docker compose up -d"
say "log in (Dex's client secret is in $secrets/dex-client-secret):"
echo "    curl -u \"faasioflex:\$(cat $secrets/dex-client-secret)\" -d grant_type=password \\"
echo "        -d username=developer@example.com -d password=developer-demo-password \\"
echo "        -d 'scope=openid email' http://127.0.0.1:5556/dex/token"

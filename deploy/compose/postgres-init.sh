#!/usr/bin/env bash
# Runs once, when the postgres service of docker-compose.yml initialises its empty data directory (the official
# image executes /docker-entrypoint-initdb.d/*.sh as the postgres user). Creates the platform's role and database:
# the role owns its database and nothing else and is no superuser, so a compromised platform can neither run
# programs on the database server (COPY ... PROGRAM) nor reach other databases. Same layout as deploy/services.sh.
#
# FAAS_DB_PASSWORD comes from the compose secret postgres-password, read by the service's entry point while it is
# still root (the secret file is not readable by the postgres user).
set -euo pipefail
: "${FAAS_DB_PASSWORD:?the platform role needs its password (compose secret postgres-password)}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v password="$FAAS_DB_PASSWORD" <<'SQL'
CREATE ROLE faasioflex LOGIN PASSWORD :'password';
CREATE DATABASE faasioflex OWNER faasioflex;
REVOKE ALL ON DATABASE faasioflex FROM PUBLIC;
SQL

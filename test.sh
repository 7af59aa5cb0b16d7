#!/usr/bin/env bash
# Runs every test tier (unit *Test, in-process *IT, packaged-jar *E2E) after installing and
# starting what they need (JDK, Maven, kubectl, MariaDB, PostgreSQL, Redis).
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-deps.sh --tests
exec mvn -B verify "$@"

#!/usr/bin/env bash
# Runs every test tier (unit *Test, in-process *IT, packaged-jar *E2E, *RealApiIT against a real
# control plane) after installing and starting what they need (JDK, Maven, kubectl, MariaDB,
# PostgreSQL, Redis) and building the control plane from source (once; cached outside the tree).
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-deps.sh --tests
scripts/control-plane.sh build
exec mvn -B verify "$@"

#!/usr/bin/env bash
# Builds the sandbox jar if needed and starts the sandbox: embedded Kubernetes API + simulated AWS
# with the examples applied and their progress shown. Extra arguments go to `slipway sandbox`.
set -euo pipefail
cd "$(dirname "$0")"
# --tests: the example staging environments create their databases and keys in the local
# MariaDB and Redis, so the sandbox needs them running like the tests do.
scripts/ensure-deps.sh --tests
# The sandbox lives in its own module (the production jar, operator/target/slipway.jar, has no
# simulator); its jar carries the production commands too.
jar=sandbox/target/slipway-sandbox.jar
if [ ! -f "$jar" ] || [ -n "$(find operator/src sandbox/src pom.xml operator/pom.xml sandbox/pom.xml -newer "$jar" -print -quit)" ]; then
  mvn -B -q -DskipTests -pl sandbox -am package
fi
exec java -jar "$jar" sandbox "$@"

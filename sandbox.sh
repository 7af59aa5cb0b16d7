#!/usr/bin/env bash
# Builds the sandbox jar if needed and starts the sandbox: embedded Kubernetes API + simulated AWS
# with the examples applied and their progress shown. Extra arguments go to `slipway sandbox`.
#
#   ./sandbox.sh                      the embedded API (needs no Go)
#   ./sandbox.sh --control-plane      a real kube-apiserver, etcd and kube-controller-manager built
#                                     from source (scripts/control-plane.sh; Go, first build ~10 min)
#                                     in .slipway/control-plane, stopped when the sandbox exits
#   ./sandbox.sh --kubeconfig FILE    your own cluster (kind, minikube, ...)
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

args=()
control_plane=false
for arg in "$@"; do
  if [ "$arg" = "--control-plane" ]; then control_plane=true; else args+=("$arg"); fi
done
if $control_plane; then
  dir="$PWD/.slipway/control-plane"
  scripts/control-plane.sh start --dir "$dir"
  trap 'scripts/control-plane.sh stop --dir "$dir"' EXIT
  java -jar "$jar" sandbox --kubeconfig "$dir/kubeconfig" ${args[@]+"${args[@]}"}
else
  exec java -jar "$jar" sandbox ${args[@]+"${args[@]}"}
fi

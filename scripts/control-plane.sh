#!/usr/bin/env bash
# A real Kubernetes control plane for tests and the sandbox: etcd, kube-apiserver and
# kube-controller-manager built from source (tools/control-plane) and run on 127.0.0.1.
#
#   scripts/control-plane.sh build                 build once into the cache (no-op when current)
#   scripts/control-plane.sh start [--dir DIR]     start all three; writes DIR/kubeconfig
#   scripts/control-plane.sh stop  [--dir DIR]     stop all three (DIR is kept)
#   scripts/control-plane.sh stop-apiserver|start-apiserver [--dir DIR]
#                                                  restart kube-apiserver alone (etcd keeps data)
#   scripts/control-plane.sh status [--dir DIR]    print what runs and where
#
# DIR defaults to $SLIPWAY_CONTROL_PLANE_DIR or /tmp/slipway-control-plane. Binaries live in
# $SLIPWAY_CACHE (default ~/.cache/slipway)/control-plane/<version>-<hash of go.sum>, outside the
# work tree. Everything comes from the Go module proxy; nothing else is downloaded.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
module="$root/tools/control-plane"
kube_version="$(cat "$module/KUBERNETES_VERSION")"
etcd_version="$(cat "$module/ETCD_VERSION")"
# Kubernetes' go line may ask for a newer Go than the machine has: `auto` fetches that toolchain
# through the module proxy, like any other module.
export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
cache_root="${SLIPWAY_CACHE:-$HOME/.cache/slipway}/control-plane"
stamp="$(cat "$module/go.mod" "$module/go.sum" | sha256sum | cut -c1-12)"
bin="$cache_root/$kube_version-$stamp"
readyz_timeout="${SLIPWAY_CONTROL_PLANE_READY_SECONDS:-120}"

log() { echo "control-plane: $*" >&2; }

build() {
  if [ -x "$bin/kube-apiserver" ] && [ -x "$bin/kube-controller-manager" ] && [ -x "$bin/etcd" ]; then
    log "binaries for $kube_version are current in $bin"
    return
  fi
  # Go's own installer puts it in /usr/local/go, which a non-login shell may not have on PATH.
  command -v go >/dev/null || PATH="$PATH:/usr/local/go/bin"
  command -v go >/dev/null || { log "Go is needed to build the control plane (go.dev/doc/install)"; exit 1; }
  local started=$SECONDS
  local tmp="$bin.partial"
  rm -rf "$tmp" && mkdir -p "$tmp"
  # /version must report the real version: Helm and kubectl check it.
  local minor="${kube_version#v1.}"; minor="${minor%%.*}"
  local pkg=k8s.io/component-base/version
  local ldflags="-s -w -X $pkg.gitVersion=$kube_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  log "building kube-apiserver and kube-controller-manager $kube_version, etcd $etcd_version (first build takes a while)"
  (cd "$module" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$tmp/" \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager)
  (cd "$module" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$tmp/etcd" go.etcd.io/etcd/server/v3)
  rm -rf "$bin" && mv "$tmp" "$bin"
  log "built in $((SECONDS - started)) s into $bin"
}

# --- running -------------------------------------------------------------------------------------

dir="${SLIPWAY_CONTROL_PLANE_DIR:-/tmp/slipway-control-plane}"

parse_dir() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --dir) dir="$2"; shift 2 ;;
      *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
  done
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
}

# A free loopback port, chosen at random so parallel control planes (one per test JVM) rarely race.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 30000))
    if ! ss -Htln "sport = :$port" | grep -q . && ! grep -qx "$port" "$dir/ports.used" 2>/dev/null; then
      echo "$port" >> "$dir/ports.used"
      echo "$port"
      return
    fi
  done
  log "no free port found"; exit 1
}

# CA, apiserver serving certificate, admin and controller-manager client certificates, and the
# service-account signing key: made once per DIR, so a restart keeps every token valid.
make_pki() {
  local pki="$dir/pki"
  [ -f "$pki/done" ] && return
  mkdir -p "$pki"
  (
    cd "$pki"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -keyout ca.key -out ca.crt \
      -subj "/CN=slipway-test-ca" 2>/dev/null
    cat > serving.ext <<EXT
subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
extendedKeyUsage=serverAuth
EXT
    issue serving "/CN=kube-apiserver" serving.ext
    printf 'extendedKeyUsage=clientAuth\n' > client.ext
    issue admin "/O=system:masters/CN=slipway-admin" client.ext
    issue controller-manager "/CN=system:kube-controller-manager" client.ext
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    touch done
  )
  # Every request's user, verb, resource and response code, so tests can prove an identity was
  # never refused (RBAC) from the server's own record rather than from the client's view.
  cat > "$dir/audit-policy.yaml" <<'POLICY'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: Metadata
POLICY
}

issue() {
  local name="$1" subject="$2" ext="$3"
  openssl req -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" -subj "$subject" 2>/dev/null
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
    -extfile "$ext" -out "$name.crt" 2>/dev/null
}

write_kubeconfig() {
  local file="$1" user="$2" server="$3"
  local pki="$dir/pki"
  cat > "$file" <<KC
apiVersion: v1
kind: Config
clusters:
- name: slipway-test
  cluster:
    server: $server
    certificate-authority-data: $(base64 -w0 < "$pki/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 < "$pki/$user.crt")
    client-key-data: $(base64 -w0 < "$pki/$user.key")
contexts:
- name: slipway-test
  context: {cluster: slipway-test, user: $user, namespace: default}
current-context: slipway-test
KC
}

running() { [ -f "$dir/$1.pid" ] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }

start_etcd() {
  running etcd && return
  local client="${ETCD_PORT:-$(cat "$dir/etcd.port" 2>/dev/null || free_port)}" peer
  peer="$(free_port)"
  echo "$client" > "$dir/etcd.port"
  # --unsafe-no-fsync: test data only; fsync on a busy shared disk is what makes etcd slow here.
  "$bin/etcd" --name slipway --data-dir "$dir/etcd-data" \
    --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "slipway=http://127.0.0.1:$peer" --unsafe-no-fsync \
    --quota-backend-bytes=2147483648 --log-level=warn > "$dir/etcd.log" 2>&1 &
  echo $! > "$dir/etcd.pid"
}

start_apiserver() {
  running kube-apiserver && return
  local port pki="$dir/pki"
  port="$(cat "$dir/apiserver.port" 2>/dev/null || free_port)"
  echo "$port" > "$dir/apiserver.port"
  # RBAC only (no Node authorizer: there is no kubelet); the endpoint reconciler is off because
  # the `kubernetes` Service may not point at a loopback address. The admission plugin
  # OwnerReferencesPermissionEnforcement (on in OpenShift) refuses blockOwnerDeletion without
  # update on the owner's finalizers, a rule the chart grants for that alone: RealApiRbacIT proves it.
  "$bin/kube-apiserver" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$port" \
    --etcd-servers="http://127.0.0.1:$(cat "$dir/etcd.port")" \
    --tls-cert-file="$pki/serving.crt" --tls-private-key-file="$pki/serving.key" \
    --client-ca-file="$pki/ca.crt" --authorization-mode=RBAC \
    --enable-admission-plugins=OwnerReferencesPermissionEnforcement \
    --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --api-audiences=https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range=10.96.0.0/16 --endpoint-reconciler-type=none \
    --cert-dir="$dir/apiserver-certs" --profiling=false --allow-privileged=true \
    --audit-policy-file="$dir/audit-policy.yaml" --audit-log-path="$dir/audit.log" \
    --audit-log-maxsize=200 --audit-log-maxbackup=1 \
    > "$dir/kube-apiserver.log" 2>&1 &
  echo $! > "$dir/kube-apiserver.pid"
  write_kubeconfig "$dir/kubeconfig" admin "https://127.0.0.1:$port"
  write_kubeconfig "$dir/controller-manager.kubeconfig" controller-manager "https://127.0.0.1:$port"
}

# Garbage collection of owner references and namespace deletion are what the tests need; the
# service-account controllers make `default` ServiceAccounts and the root CA ConfigMap. Nothing
# that wants nodes, clouds or volumes runs, which keeps two cores free for the tests.
start_controller_manager() {
  running kube-controller-manager && return
  local pki="$dir/pki"
  "$bin/kube-controller-manager" \
    --kubeconfig="$dir/controller-manager.kubeconfig" \
    --authentication-kubeconfig="$dir/controller-manager.kubeconfig" \
    --authorization-kubeconfig="$dir/controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port=0 --leader-elect=false \
    --controllers=garbage-collector-controller,namespace-controller,serviceaccount-controller,serviceaccount-token-controller,root-ca-certificate-publisher-controller \
    --use-service-account-credentials=true \
    --service-account-private-key-file="$pki/sa.key" --root-ca-file="$pki/ca.crt" \
    > "$dir/kube-controller-manager.log" 2>&1 &
  echo $! > "$dir/kube-controller-manager.pid"
}

wait_ready() {
  local waited=0 start_seconds="${started_at:-$SECONDS}"
  until kubectl --kubeconfig "$dir/kubeconfig" get --raw /readyz >/dev/null 2>&1; do
    if ! running kube-apiserver; then
      log "kube-apiserver exited; last lines of $dir/kube-apiserver.log:"; tail -20 "$dir/kube-apiserver.log" >&2; exit 1
    fi
    if [ "$waited" -ge "$readyz_timeout" ]; then
      log "not ready after ${readyz_timeout} s; see $dir/*.log"; exit 1
    fi
    sleep 1; waited=$((waited + 1))
  done
  log "ready in ~$((SECONDS - start_seconds)) s: KUBECONFIG=$dir/kubeconfig"
}

stop_one() {
  local name="$1" pid
  running "$name" || { rm -f "$dir/$name.pid"; return 0; }
  pid="$(cat "$dir/$name.pid")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/$name.pid"
}

status() {
  for name in etcd kube-apiserver kube-controller-manager; do
    if running "$name"; then
      local pid rss
      pid="$(cat "$dir/$name.pid")"
      rss="$(awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$pid/status" 2>/dev/null || echo "?")"
      echo "$name running (pid $pid, RSS ${rss} MiB)"
    else
      echo "$name stopped"
    fi
  done
  if [ -f "$dir/kubeconfig" ]; then echo "KUBECONFIG=$dir/kubeconfig"; fi
}

command="${1:-}"; shift || true
case "$command" in
  build) build ;;
  start)
    parse_dir "$@"; build; started_at=$SECONDS; make_pki
    start_etcd; start_apiserver; wait_ready; start_controller_manager ;;
  stop) parse_dir "$@"; stop_one kube-controller-manager; stop_one kube-apiserver; stop_one etcd ;;
  stop-apiserver) parse_dir "$@"; stop_one kube-apiserver ;;
  start-apiserver) parse_dir "$@"; started_at=$SECONDS; start_apiserver; wait_ready ;;
  status) parse_dir "$@"; status ;;
  *) echo "usage: $0 build|start|stop|stop-apiserver|start-apiserver|status [--dir DIR]" >&2; exit 2 ;;
esac

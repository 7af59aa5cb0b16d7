#!/usr/bin/env bash
# Makes sure this machine has what Slipway's build, sandbox and tests need, installing with
# apt-get (Debian) and starting services when they are missing or down. Idempotent.
#   scripts/ensure-deps.sh          JDK 17+, Maven, kubectl (the build)
#   scripts/ensure-deps.sh --tests  also MariaDB, PostgreSQL and Redis, running on 127.0.0.1
#                                   (the tests, and the sandbox's example staging environments),
#                                   lua5.1 (Argo CD health checks run Lua 5.1), Chromium with
#                                   ChromeDriver (the environments dashboard's browser test) and
#                                   promtool (the chart's alert rules)
set -euo pipefail

want_services=false
[ "${1:-}" = "--tests" ] && want_services=true

SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"
apt_updated=false

install() {
  if ! command -v apt-get >/dev/null; then
    echo "ensure-deps: $* missing and no apt-get here; install it and re-run" >&2
    exit 1
  fi
  if ! $apt_updated; then
    $SUDO apt-get update -qq
    apt_updated=true
  fi
  echo "ensure-deps: installing $*"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

java_ok() {
  command -v java >/dev/null && java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'
}
java_ok || install openjdk-17-jdk-headless
command -v mvn >/dev/null || install maven
command -v kubectl >/dev/null || install kubectl

$want_services || exit 0

command -v lua5.1 >/dev/null || install lua5.1
# The real control plane (scripts/control-plane.sh): openssl makes its PKI, ss finds free ports;
# Go itself comes with the machine (or from go.dev), it is not a Debian package new enough.
command -v openssl >/dev/null || install openssl
command -v ss >/dev/null || install iproute2
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  install chromium chromium-driver
fi
# promtool checks the chart's alert rules. Only the binary is taken from Debian's prometheus
# package: installing the package would also start a Prometheus server.
if ! command -v promtool >/dev/null; then
  command -v apt-get >/dev/null || { echo "ensure-deps: promtool missing and no apt-get" >&2; exit 1; }
  $apt_updated || { $SUDO apt-get update -qq; apt_updated=true; }
  echo "ensure-deps: installing promtool (from Debian's prometheus package)"
  work=$(mktemp -d)
  (cd "$work" && apt-get download -qq prometheus >/dev/null 2>&1 && dpkg -x prometheus_*.deb root)
  $SUDO cp "$work/root/usr/bin/promtool" /usr/local/bin/promtool && $SUDO chmod 755 /usr/local/bin/promtool
  rm -rf "$work"
fi

wait_for() { # name, command
  for _ in $(seq 1 60); do
    if eval "$2" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "ensure-deps: $1 did not come up" >&2
  exit 1
}

# MariaDB: root over TCP with no password, as the tests expect.
if ! command -v mariadbd >/dev/null && [ ! -x /usr/sbin/mariadbd ]; then install mariadb-server; fi
if ! mariadb -h127.0.0.1 -uroot -e 'select 1' >/dev/null 2>&1; then
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  $SUDO start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql >/dev/null 2>&1 || true
  wait_for MariaDB "mariadb -uroot -e 'select 1' || mariadb -h127.0.0.1 -uroot -e 'select 1'"
fi
# A fresh Debian install lets root in only through the Unix socket; the tests connect over TCP
# as root with no password, so allow that too (the socket login keeps working).
if ! mariadb -h127.0.0.1 -uroot -e 'select 1' >/dev/null 2>&1; then
  $SUDO mariadb -uroot -e "ALTER USER root@localhost IDENTIFIED VIA unix_socket OR \
    mysql_native_password USING PASSWORD(''); FLUSH PRIVILEGES;"
  wait_for "MariaDB over TCP" "mariadb -h127.0.0.1 -uroot -e 'select 1'"
fi

# PostgreSQL: trust auth on 127.0.0.1.
if ! command -v pg_ctlcluster >/dev/null; then install postgresql; fi
if ! psql -h127.0.0.1 -Upostgres -c 'select 1' postgres >/dev/null 2>&1; then
  version=$(ls /etc/postgresql | sort -V | tail -1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    $SUDO sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || \
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main reload >/dev/null 2>&1 || true
  wait_for PostgreSQL "psql -h127.0.0.1 -Upostgres -c 'select 1' postgres"
fi
# The tests connect as root (the shared environments' admin Secret) to the database "test".
if ! psql -h127.0.0.1 -Uroot -c 'select 1' test >/dev/null 2>&1; then
  psql -h127.0.0.1 -Upostgres -qc "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles
    WHERE rolname = 'root') THEN CREATE ROLE root LOGIN SUPERUSER; END IF; END \$\$" postgres
  psql -h127.0.0.1 -Upostgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" postgres |
    grep -q 1 || psql -h127.0.0.1 -Upostgres -qc 'CREATE DATABASE test OWNER root' postgres
fi

# Redis: nothing kept on disk.
command -v redis-server >/dev/null || install redis-server
if ! redis-cli -h 127.0.0.1 ping 2>/dev/null | grep -q PONG; then
  mkdir -p /var/lib/redis /var/log/redis
  $SUDO redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for Redis "redis-cli -h 127.0.0.1 ping | grep -q PONG"
fi
echo "ensure-deps: MariaDB, PostgreSQL and Redis are up"

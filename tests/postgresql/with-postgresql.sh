#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs a command against a private, throwaway PostgreSQL cluster (Debian's postgresql package), then stops it and
# removes it: the command gets SWITCHBOARD_TEST_POSTGRESQL=postgresql://switchboard@127.0.0.1:PORT/switchboard
# (trust authentication on loopback only, fsync off: test data) and SWITCHBOARD_TEST_POSTGRESQL_CTL, a script that
# runs pg_ctl on that cluster (`$SWITCHBOARD_TEST_POSTGRESQL_CTL stop` / `start`: a test of a lost server). As root (CI) the cluster runs as the `postgres`
# user, which PostgreSQL requires; otherwise as the caller. Parallel runs each get their own cluster and port.
# If the cluster cannot start, the command still runs with SWITCHBOARD_POSTGRESQL_ERROR set: the test then fails
# when SWITCHBOARD_REQUIRE_POSTGRESQL=1 (CI) and skips otherwise.
set -u

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
work=$(mktemp -d "${TMPDIR:-/tmp}/sb-postgresql.XXXXXX")
chmod 755 "$work"
as_owner() { "$@"; }
if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
    chown postgres "$work"
    as_owner() { runuser -u postgres -- "$@"; }
fi

cleanup() {
    [ -n "$bindir" ] && [ -f "$work/data/postmaster.pid" ] &&
        as_owner "$bindir/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

started=0
if [ -z "$bindir" ]; then
    export SWITCHBOARD_POSTGRESQL_ERROR="PostgreSQL is not installed (apt-get install postgresql libqt6sql6-psql)"
elif ! as_owner "$bindir/initdb" -D "$work/data" -A trust -U switchboard -E UTF8 --no-sync >"$work/initdb.log" 2>&1
then
    export SWITCHBOARD_POSTGRESQL_ERROR="initdb failed: $(tail -n 3 "$work/initdb.log" | tr '\n' ' ')"
else
    # A free port: the kernel's choice for a socket bound to port 0 is not visible from sh, so try a few.
    for _ in 1 2 3 4 5; do
        port=$(shuf -i 20000-59999 -n 1)
        if as_owner "$bindir/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 20 \
            -o "-p $port -h 127.0.0.1 -k $work -F -c max_connections=200" start >/dev/null 2>&1; then
            started=1
            break
        fi
    done
    if [ "$started" = 1 ] &&
        as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U switchboard switchboard >"$work/createdb.log" 2>&1
    then
        export SWITCHBOARD_TEST_POSTGRESQL="postgresql://switchboard@127.0.0.1:$port/switchboard"
        owner=$(stat -c %U "$work")
        cat >"$work/ctl" <<CTL
#!/bin/sh
# \$1: stop (fast) or start, on the test's cluster.
case "\$1" in
stop) opts="-m fast" ;;
*) opts="-l $work/server.log -o '-p $port -h 127.0.0.1 -k $work -F -c max_connections=200'" ;;
esac
if [ "\$(id -u)" = 0 ] && [ "$owner" != root ]; then
    exec runuser -u "$owner" -- sh -c "$bindir/pg_ctl -D $work/data -w -t 20 \$opts \$1"
fi
exec sh -c "$bindir/pg_ctl -D $work/data -w -t 20 \$opts \$1"
CTL
        chmod 755 "$work/ctl"
        export SWITCHBOARD_TEST_POSTGRESQL_CTL="$work/ctl"
    else
        export SWITCHBOARD_POSTGRESQL_ERROR="PostgreSQL did not start: $(tail -n 3 "$work/server.log" \
            "$work/createdb.log" 2>/dev/null | tr '\n' ' ')"
    fi
fi

"$@"

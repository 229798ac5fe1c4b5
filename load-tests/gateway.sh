#!/usr/bin/env bash
# Starts / stops a Switchboard gateway for load testing, in a scratch directory (default /tmp/sb-load) with its own
# embedded PostgreSQL, from a jar built into target-load/ (so it never touches a developer's target/).
#
#   load-tests/gateway.sh build            # ./mvnw -q package -DskipTests -DbuildDir=target-load
#   load-tests/gateway.sh start [--fresh]  # start on SB_PORT (default 18080); --fresh wipes the scratch data first
#   load-tests/gateway.sh stop             # stop it (Vert.x, then the embedded PostgreSQL it owns)
#
# Environment: SB_DIR (scratch dir), SB_PORT, SB_POOL (database.poolSize, default 4), GATEWAY_JAVA_OPTS (JVM flags,
# default -Xmx2g -XX:+UseParallelGC plus a GC log in $SB_DIR/gc.log), and any SWITCHBOARD_* variable.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
dir="${SB_DIR:-/tmp/sb-load}"
port="${SB_PORT:-18080}"
jar="$root/target-load/switchboard.jar"

case "${1:-}" in
  build)
    (cd "$root" && ./mvnw -q package -DskipTests -DbuildDir=target-load)
    ;;
  start)
    [[ -f "$jar" ]] || { echo "no $jar: run '$0 build' first" >&2; exit 1; }
    if [[ -f "$dir/gateway.pid" ]] && kill -0 "$(cat "$dir/gateway.pid")" 2>/dev/null; then
      echo "already running (pid $(cat "$dir/gateway.pid"))" >&2; exit 1
    fi
    [[ "${2:-}" == "--fresh" ]] && rm -rf "$dir/data" "$dir"/gc.log* "$dir/gateway.log"
    mkdir -p "$dir"
    # run a copy: a rebuild or clean of target-load/ during the run must not pull the jar away
    cp "$jar" "$dir/switchboard.jar"
    cd "$dir"
    # shellcheck disable=SC2086
    nohup java ${GATEWAY_JAVA_OPTS:--Xmx2g -XX:+UseParallelGC} -Xlog:gc:file="$dir/gc.log" \
      -Dswitchboard.http.port="$port" \
      -Dswitchboard.http.webroot="$root/webroot" \
      -Dswitchboard.database.embeddedDataDir="$dir/data/postgres" \
      -Dswitchboard.database.poolSize="${SB_POOL:-4}" \
      -jar "$dir/switchboard.jar" run --demo >"$dir/gateway.log" 2>&1 &
    echo $! >"$dir/gateway.pid"
    for _ in $(seq 1 60); do
      if curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
        echo "gateway up on port $port (pid $(cat "$dir/gateway.pid"), log $dir/gateway.log)"; exit 0
      fi
      kill -0 "$(cat "$dir/gateway.pid")" 2>/dev/null || { echo "gateway died:" >&2; tail -20 "$dir/gateway.log" >&2; exit 1; }
      sleep 1
    done
    echo "gateway not healthy after 60 s; see $dir/gateway.log" >&2; exit 1
    ;;
  stop)
    [[ -f "$dir/gateway.pid" ]] || { echo "not running"; exit 0; }
    pid="$(cat "$dir/gateway.pid")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"   # SIGTERM: the shutdown hook closes Vert.x and stops the embedded PostgreSQL
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      kill -0 "$pid" 2>/dev/null && { echo "gateway did not stop; killing" >&2; kill -9 "$pid"; }
    fi
    rm -f "$dir/gateway.pid"
    # the embedded PostgreSQL is a child process; make sure none outlived the JVM
    pg_pid_file="$dir/data/postgres/postmaster.pid"
    if [[ -f "$pg_pid_file" ]]; then
      pg="$(head -1 "$pg_pid_file")"
      if kill -0 "$pg" 2>/dev/null; then echo "stopping leftover PostgreSQL $pg"; kill -INT "$pg"; sleep 2; fi
    fi
    echo "stopped"
    ;;
  *)
    sed -n '2,12p' "$0"; exit 1
    ;;
esac

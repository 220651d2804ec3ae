#!/bin/sh
# The proxy benchmark, one command: bench/run.sh [--quick] [--open-streams N] [--self-check] [--no-request-log]
# Builds the jar if needed, starts the fake upstream (bench/FakeUpstream.java) and the proxy (through the
# ./better-ccflare launcher, so with the launcher's JVM flags) on loopback with free ports and an isolated config
# directory, runs bench/LoadDriver.java against both, prints the results and refreshes the "## Proxy" section of
# bench/RESULTS.md. Every process it starts is stopped on exit. See bench/README.md.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. "$root/.mvn/find-jdk.sh"
java="$JAVA_HOME/bin/java"

driver_args=""
self_check=""
request_log=1
for arg in "$@"; do
  case "$arg" in
    --quick|--open-streams|[0-9]*) driver_args="$driver_args $arg" ;;
    --self-check) self_check=1 ;;
    --no-request-log) request_log="" ;;
    *) echo "usage: bench/run.sh [--quick] [--open-streams N] [--self-check] [--no-request-log]" >&2; exit 64 ;;
  esac
done

jar="$root/target/better-ccflare.jar"
if [ -z "$self_check" ] && { [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -type f 2>/dev/null | head -n 1)" ]; }; then
  echo "[bench] building the jar (./mvnw -q -DskipTests package)" >&2
  ./mvnw -q -B -DskipTests package
fi

# Each open stream costs one descriptor in the driver, two in the proxy and one in the upstream.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 10000 ]; then
  echo "[bench] warning: ulimit -n is $(ulimit -n); the open-streams phase needs about 10000" >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/bcf-bench.XXXXXX")
upstream_pid=""
proxy_pid=""
cleanup() {
  for pid in $proxy_pid $upstream_pid; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $proxy_pid $upstream_pid; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# $1: file, $2: sed expression printing the wanted value, $3: pid that must stay alive, $4: what
wait_for() {
  i=0
  while [ $i -lt 600 ]; do
    value=$(sed -n "$2" "$1" 2>/dev/null | head -n 1)
    if [ -n "$value" ]; then
      printf '%s\n' "$value"
      return 0
    fi
    if ! kill -0 "$3" 2>/dev/null; then
      echo "[bench] $4 exited during start-up:" >&2
      cat "$1" >&2
      return 1
    fi
    sleep 0.1
    i=$((i + 1))
  done
  echo "[bench] $4 did not start within 60 s:" >&2
  cat "$1" >&2
  return 1
}

"$java" -XX:+UseSerialGC -Xss256k "$root/bench/FakeUpstream.java" 0 >"$work/upstream.log" 2>&1 &
upstream_pid=$!
upstream_port=$(wait_for "$work/upstream.log" 's/^LISTENING \([0-9]*\)$/\1/p' "$upstream_pid" "fake upstream")
echo "[bench] fake upstream on 127.0.0.1:$upstream_port (pid $upstream_pid)" >&2

results="$root/bench/RESULTS.md"
if [ -n "$self_check" ]; then
  # A/A check of the method: a second fake upstream stands in for the proxy, so every "added" number should be
  # about zero and the throughput share about 100%; the spread shows the noise floor. RESULTS.md is not touched.
  "$java" -XX:+UseSerialGC -Xss256k "$root/bench/FakeUpstream.java" 0 >"$work/proxy.log" 2>&1 &
  proxy_pid=$!
  proxy_port=$(wait_for "$work/proxy.log" 's/^LISTENING \([0-9]*\)$/\1/p' "$proxy_pid" "second fake upstream")
  proxy_url="http://127.0.0.1:$proxy_port"
  results="$work/self-check.md"
  echo "[bench] self-check: a second fake upstream on $proxy_url (pid $proxy_pid) stands in for the proxy" >&2
else
  # The proxy runs as users run it, with an isolated data directory and nothing inherited from this shell.
  for var in DATABASE_URL PORT $(env | sed -n 's/^\(BETTER_CCFLARE_[A-Za-z0-9_]*\)=.*/\1/p; s/^\(ccflare_[A-Za-z0-9_]*\)=.*/\1/p'); do
    unset "$var"
  done
  export XDG_CONFIG_HOME="$work/config"
  # Nothing may fall through to the real Anthropic API.
  export BETTER_CCFLARE_ANTHROPIC_URL="http://127.0.0.1:$upstream_port"
  # --no-request-log: the same run with request logging (rows, payloads, live events) switched off.
  [ -n "$request_log" ] || export BETTER_CCFLARE_REQUEST_LOGGING=false
  ./better-ccflare --add-account bench --mode anthropic-compatible --api-key sk-bench-key-000000 \
    --endpoint "http://127.0.0.1:$upstream_port" >"$work/add-account.log" 2>&1 || {
    echo "[bench] adding the account failed:" >&2
    cat "$work/add-account.log" >&2
    exit 1
  }
  # The launcher execs java, so $! is the proxy JVM itself.
  ./better-ccflare --serve --port 0 >"$work/proxy.log" 2>&1 &
  proxy_pid=$!
  proxy_url=$(wait_for "$work/proxy.log" 's/^ *Proxy: *\(http:[^ ]*\).*/\1/p' "$proxy_pid" "proxy")
  echo "[bench] proxy on $proxy_url (pid $proxy_pid)" >&2
fi

revision=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)
if [ -n "$request_log" ]; then
  heading="Proxy" run_flag=""
else
  heading="Proxy, request logging off" run_flag=" --no-request-log"
fi
status=0
# shellcheck disable=SC2086 # driver_args is a list of words
"$java" -XX:+UseSerialGC -Xms256m -Xmx1g -Dclk.tck="$(getconf CLK_TCK)" "$root/bench/LoadDriver.java" \
  --direct "http://127.0.0.1:$upstream_port" --proxy "$proxy_url" \
  --proxy-pid "$proxy_pid" --upstream-pid "$upstream_pid" \
  --results "$results" --command "bench/run.sh$driver_args$run_flag" --heading "$heading" \
  --revision "$revision" $driver_args || status=$?

if [ -s "$work/upstream.log" ] && grep -qv '^LISTENING' "$work/upstream.log"; then
  echo "[bench] fake upstream output:" >&2
  grep -v '^LISTENING' "$work/upstream.log" | tail -n 20 >&2
fi
if ! kill -0 "$proxy_pid" 2>/dev/null; then
  echo "[bench] the proxy died during the run; its output:" >&2
  tail -n 40 "$work/proxy.log" >&2
  status=1
fi
exit $status

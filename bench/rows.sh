#!/bin/sh
# Issue 12 part 5, re-measured: bench/rows.sh [--no-tmpfs]
# Builds the jar if needed, starts bench/FakeUpstream.java, and runs bench/RowsBench.java, which starts the
# product through ./better-ccflare on ports 18501.. with data directories under a temporary folder and puts it
# through kill -9 under load, kill -9 after a cold start, 600 simultaneous stream ends, a 20 s SQLite lock and,
# as root, a full disk (a 16 MB tmpfs mounted for the run and unmounted after). Prints a Markdown table; paste
# it into bench/RESULTS.md ("## Request rows under faults"). Every process and mount it makes is removed on exit.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. "$root/.mvn/find-jdk.sh"
java="$JAVA_HOME/bin/java"

use_tmpfs=1
for arg in "$@"; do
  case "$arg" in
    --no-tmpfs) use_tmpfs="" ;;
    *) echo "usage: bench/rows.sh [--no-tmpfs]" >&2; exit 64 ;;
  esac
done

jar="$root/target/better-ccflare.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -type f 2>/dev/null | head -n 1)" ]; then
  echo "[rows] building the jar (./mvnw -q -DskipTests package)" >&2
  ./mvnw -q -B -DskipTests package
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/bcf-rows.XXXXXX")
upstream_pid=""
mounted=""
cleanup() {
  if [ -n "$upstream_pid" ]; then
    kill "$upstream_pid" 2>/dev/null || true
    wait "$upstream_pid" 2>/dev/null || true
  fi
  if [ -n "$mounted" ]; then
    umount "$work/tmpfs" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$java" -XX:+UseSerialGC -Xss256k "$root/bench/FakeUpstream.java" 0 >"$work/upstream.log" 2>&1 &
upstream_pid=$!
i=0
port=""
while [ -z "$port" ] && [ $i -lt 600 ]; do
  port=$(sed -n 's/^LISTENING \([0-9]*\)$/\1/p' "$work/upstream.log" 2>/dev/null | head -n 1)
  sleep 0.1
  i=$((i + 1))
done
[ -n "$port" ] || { echo "[rows] the fake upstream did not start" >&2; cat "$work/upstream.log" >&2; exit 1; }

tmpfs_arg=""
if [ -n "$use_tmpfs" ]; then
  mkdir -p "$work/tmpfs"
  if mount -t tmpfs -o size=16m tmpfs "$work/tmpfs" 2>/dev/null; then
    mounted=1
    tmpfs_arg="$work/tmpfs"
  else
    echo "[rows] cannot mount a tmpfs (not root?): the disk-full case is skipped" >&2
  fi
fi

echo "[rows] revision $(git rev-parse --short HEAD)$(git diff --quiet || echo -dirty), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs" >&2
# shellcheck disable=SC2086 # tmpfs_arg is empty or one path without spaces (mktemp)
"$java" --enable-native-access=ALL-UNNAMED -cp "$root/target/lib/*" "$root/bench/RowsBench.java" \
  "$root/better-ccflare" "http://127.0.0.1:$port" "$work" 18501 $tmpfs_arg

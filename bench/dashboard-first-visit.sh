#!/usr/bin/env bash
# Measures a first visit to /dashboard with N stored requests (default 10000) in headless Chromium, 5 fresh
# browsers. Usage: bench/dashboard-first-visit.sh [rows] [visits]. Needs chromium and chromium-driver.
set -euo pipefail
cd "$(dirname "$0")/.."
. .mvn/find-jdk.sh
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
  -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
  io.betterccflare.dashboard.DashboardFirstVisit "$@"

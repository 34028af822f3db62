#!/usr/bin/env bash
# Overload, guarded and unguarded: runs the sample app on -Xmx256m -XX:+ExitOnOutOfMemoryError under the
# same load twice, with memguard off and on, then measures the calm overhead.
# Writes memguard-sample-app/target/overload/summary.json, overload.png and overhead.json.
#
#   scripts/overload.sh                      # the default load
#   scripts/overload.sh -Doverload.clients=32 -Doverload.heap-multiple=8   # a heavier one
set -euo pipefail
cd "$(dirname "$0")/.."
# -DskipTests skips the unit tests (the ordinary build runs them); the overload profile forces its own ITs on.
./mvnw -B -ntp -Poverload -pl memguard-sample-app -am verify -DskipTests "$@"
echo
echo "== memguard-sample-app/target/overload/summary.json"
cat memguard-sample-app/target/overload/summary.json
if [ -f memguard-sample-app/target/overload/overhead.json ]; then
  echo "== memguard-sample-app/target/overload/overhead.json"
  cat memguard-sample-app/target/overload/overhead.json
fi

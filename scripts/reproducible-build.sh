#!/usr/bin/env bash
# Checks that the build is reproducible: builds the release artifacts twice, each time from a fresh copy of the
# tracked files (no target/ left over, and at a different path), and compares the SHA-256 of every jar and every
# CycloneDX SBOM. Exits non-zero and names the files that differ if any does.
#
#   scripts/reproducible-build.sh            # JDK from JAVA_HOME, as ./mvnw would use it
#
# The build skips the tests (they do not change the jars) and signing. Reproducibility comes from
# project.build.outputTimestamp in the parent POM: every archive entry carries that time instead of the clock's.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d "${TMPDIR:-/tmp}/memguard-repro.XXXXXX")"
trap 'rm -rf "$work"' EXIT

build() {
  local dir="$work/$1"
  mkdir -p "$dir"
  # The working tree's tracked files, as they are now (uncommitted edits included), without any build output.
  git ls-files -z | xargs -0 cp --parents -t "$dir"
  (cd "$dir" && ./mvnw -B -ntp -q -Prelease -Dgpg.skip -DskipTests package >"$work/$1.log" 2>&1) || {
    echo "build $1 failed; its log:" >&2
    tail -50 "$work/$1.log" >&2
    exit 1
  }
  # One line per file: <sha256>  ./<module>/target/<file>, paths relative to the copy so both lists compare.
  (cd "$dir" && find . -maxdepth 3 -path '*/target/*' \( -name '*.jar' -o -name '*-cyclonedx.json' \) -print0 \
    | sort -z | xargs -0 sha256sum) \
    >"$work/$1.sha256"
}

echo "== build 1"
build first
echo "== build 2"
build second

files=$(wc -l <"$work/first.sha256")
jars=$(grep -c '\.jar$' "$work/first.sha256" || true)
if [ "$jars" -eq 0 ]; then
  echo "no jars were built" >&2
  exit 1
fi
if diff -u "$work/first.sha256" "$work/second.sha256"; then
  echo "reproducible: $files files ($jars jars, the rest SBOMs), byte-identical in both builds"
  cat "$work/first.sha256"
else
  echo "NOT reproducible: the files above differ between two builds of the same tree" >&2
  exit 1
fi

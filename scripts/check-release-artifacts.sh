#!/usr/bin/env bash
# Checks what `./mvnw -Prelease -Dgpg.skip verify` (or package) left in each published module's target/: the jar, the
# sources and Javadoc jars, the CycloneDX SBOM and a flattened POM that carries the license, SCM and other metadata
# Maven Central asks for, and no parent, build or profiles. Names everything missing and exits non-zero if anything is.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)
missing=0
for module in memguard-core memguard-test memguard-spring-boot-autoconfigure memguard-spring-boot-starter; do
  for file in "$module-$version.jar" "$module-$version-sources.jar" "$module-$version-javadoc.jar" \
      "$module-$version-cyclonedx.json" flattened-pom.xml; do
    [ -s "$module/target/$file" ] || { echo "missing: $module/target/$file"; missing=1; }
  done
done
for module in memguard-core memguard-test memguard-spring-boot-autoconfigure memguard-spring-boot-starter memguard-bom; do
  pom="$module/target/flattened-pom.xml"
  [ -s "$pom" ] || { echo "missing: $pom"; missing=1; continue; }
  # What Maven Central asks of a published POM, and no trace of the build.
  for element in '<licenses>' '<name>Apache-2.0</name>' '<url>' '<scm' '<connection>scm:git:' '<developers>' '<description>'; do
    grep -qF "$element" "$pom" || { echo "$pom: no $element"; missing=1; }
  done
  for element in '<parent>' '<build>' '<profiles>'; do
    ! grep -qF "$element" "$pom" || { echo "$pom: still has $element"; missing=1; }
  done
done
[ "$missing" -eq 0 ] || exit 1
echo "release artifacts: all present (jar, sources, Javadoc, SBOM, flattened POM)"

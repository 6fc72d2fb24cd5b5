#!/usr/bin/env bash
# Builds dist/pig/emr-jobs-udf.jar, the package's Pig functions (pig-udf/src/main/java: TopN), with javac
# against the Pig 0.17 classpath the engines install resolved, so they are compiled against exactly the Pig
# that runs them. Run by install-engines.sh and by `npm pack` (prepack), which fail without a JDK rather
# than leave the jar out; `npm run build` (and so `npm ci` in a checkout) runs it with --if-ready, which
# leaves the jar to the engines install when there is no JDK or no Pig classpath yet, so installing and
# running a job on the local runtime needs neither. Skips the work when the jar is newer than every source.
# Reproducible: Java 8 bytecode, entries in name order with one fixed timestamp.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/pig-udf/src/main/java"
JAR="$ROOT/dist/pig/emr-jobs-udf.jar"

die() { printf '[build-pig-udf] ERROR: %s\n' "$*" >&2; exit 1; }
IF_READY=0
[ "${1:-}" = --if-ready ] && IF_READY=1
later() {
  printf '[build-pig-udf] %s: the Pig functions jar is left to `npm run engines:install` (needed by Pig runs only)\n' "$*"
  exit 0
}

[ -d "$SRC" ] || die "no sources in $SRC"
if [ -f "$JAR" ] && [ -z "$(find "$SRC" -name '*.java' -newer "$JAR")" ]; then exit 0; fi

. "$ROOT/scripts/engines-dir.sh"
JDK_BIN=""
for home in "$(cat "$ENGINES_DIR/java-home" 2>/dev/null || true)" "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
  if [ -n "$home" ] && [ -x "$home/bin/javac" ] && [ -x "$home/bin/jar" ]; then JDK_BIN="$home/bin"; break; fi
done
[ -n "$JDK_BIN" ] || [ "$IF_READY" = 0 ] || later "no JDK (javac) found"
[ -n "$JDK_BIN" ] || die "no javac and jar found (engines' Java, JAVA_HOME, PATH): install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless); the package's Pig functions cannot be built without one"

# Pig's classpath comes from the engines install; a fresh checkout resolves it first (Java, Maven, Pig only).
CP_FILE="$ENGINES_DIR/pig.classpath"
if ! [ -s "$CP_FILE" ]; then
  [ "$IF_READY" = 0 ] || later "Pig's classpath is not resolved yet"
  printf '[build-pig-udf] no Pig classpath in %s yet: resolving it with scripts/install-engines.sh\n' "$ENGINES_DIR"
  EMR_JOBS_PIG_ONLY=1 bash "$ROOT/scripts/install-engines.sh"
fi

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$OUT/classes"
find "$SRC" -name '*.java' | LC_ALL=C sort > "$OUT/sources"
"$JDK_BIN/javac" -nowarn -encoding UTF-8 --release 8 -Xlint:-options -cp "$(cat "$CP_FILE")" -d "$OUT/classes" @"$OUT/sources" \
  || die "javac failed on $SRC"
mkdir -p "$(dirname "$JAR")"
(cd "$OUT/classes" && find . -type f | LC_ALL=C sort | sed 's|^\./||' > "$OUT/entries" \
  && "$JDK_BIN/jar" --create --file "$OUT/udf.jar" --date=2000-01-01T00:00:00Z @"$OUT/entries") \
  || die "jar failed"
mv "$OUT/udf.jar" "$JAR"
printf '[build-pig-udf] built %s\n' "$JAR"

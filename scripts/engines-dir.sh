# Sourced by install-engines.sh and build-pig-udf.sh: sets ENGINES_DIR, the one folder per user and pinned
# versions (the same rule as engines/engine-paths.ts): $EMR_JOBS_ENGINES_DIR, else
# $EMR_JOBS_HOME/engines-<hash>, else ${XDG_CACHE_HOME:-~/.cache}/emr-jobs/engines-<hash> (macOS:
# ~/Library/Caches/emr-jobs/...), <hash> being the first 12 hex digits of the sha256 of
# engines/requirements.txt followed by engines/pig/pom.xml. Needs ROOT (the package root).
REQ="$ROOT/engines/requirements.txt"
POM="$ROOT/engines/pig/pom.xml"
if [ -n "${EMR_JOBS_ENGINES_DIR:-}" ]; then
  ENGINES_DIR="$EMR_JOBS_ENGINES_DIR"
else
  if [ -n "${EMR_JOBS_HOME:-}" ]; then CACHE="$EMR_JOBS_HOME"
  elif [ "$(uname -s)" = Darwin ]; then CACHE="$HOME/Library/Caches/emr-jobs"
  else CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/emr-jobs"; fi
  ENGINES_DIR="$CACHE/engines-$(cat "$REQ" "$POM" | sha256sum | cut -c1-12)"
fi

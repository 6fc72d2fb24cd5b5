#!/usr/bin/env bash
# Installs the real local engines used by the test harness:
#   - Java 17 and Maven (from Debian packages if missing),
#   - <engines>/venv: Python venv with engines/requirements.txt (pyspark 3.5, moto[server] 5),
#   - <engines>/pig.classpath: Apache Pig 0.17.0 + piggybank + hadoop-client, resolved by
#     Maven from engines/pig/pom.xml (jars land in ~/.m2, or $MAVEN_REPO_LOCAL).
# <engines> is one folder per user and pinned versions, shared by every project:
#   $EMR_JOBS_HOME/engines-<hash>, else ${XDG_CACHE_HOME:-~/.cache}/emr-jobs/engines-<hash> (macOS:
#   ~/Library/Caches/emr-jobs/...), where <hash> is the first 12 hex digits of the sha256 of
#   engines/requirements.txt followed by engines/pig/pom.xml (the same rule as engines/engine-paths.ts).
#   - dist/pig/emr-jobs-udf.jar: the package's Pig functions, compiled against that classpath
#     (scripts/build-pig-udf.sh), when their sources are here and the jar is older than them.
# Idempotent and non-interactive: a re-run with nothing to do takes about a second.
# Environment: PYTHON (default python3), MAVEN_REPO_LOCAL, EMR_JOBS_HOME, EMR_JOBS_ENGINES_DIR (a folder of your own),
#   EMR_JOBS_PIG_ONLY=1 (Java, Maven and Pig's classpath only: what build-pig-udf.sh needs).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/engines-dir.sh"
# A link left pointing at a folder that is gone (a removed checkout's engines) is replaced by a real folder.
if [ -L "$ENGINES_DIR" ] && [ ! -e "$ENGINES_DIR" ]; then rm -f "$ENGINES_DIR"; fi
VENV="$ENGINES_DIR/venv"
CP_FILE="$ENGINES_DIR/pig.classpath"
export DEBIAN_FRONTEND=noninteractive PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1

log() { printf '[install-engines] %s\n' "$*"; }
die() { printf '[install-engines] ERROR: %s\n' "$*" >&2; exit 1; }

sha() { cat "$@" | sha256sum | cut -c1-64; }

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "missing $*; no apt-get here: install them by hand"
  local SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "missing $*; run as root or install them by hand"
    SUDO="sudo -n"
  fi
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    $SUDO apt-get update -qq </dev/null
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  $SUDO apt-get install -y -qq --no-install-recommends "$@" </dev/null >/dev/null
}

java_major() { # prints the major version of the java given as $1
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

mkdir -p "$ENGINES_DIR"

# ---------------------------------------------------------------- Java 17
JAVA_HOME_17=""
for cand in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" /usr/lib/jvm/java-17-openjdk-*; do
  [ -n "$cand" ] && [ -x "$cand/bin/java" ] || continue
  if [ "$(java_major "$cand/bin/java")" = 17 ]; then JAVA_HOME_17="$cand"; break; fi
done
if [ -z "$JAVA_HOME_17" ]; then
  apt_install openjdk-17-jre-headless
  for cand in /usr/lib/jvm/java-17-openjdk-*; do
    [ -x "$cand/bin/java" ] && JAVA_HOME_17="$cand" && break
  done
  [ -n "$JAVA_HOME_17" ] || die "Java 17 not found after installing openjdk-17-jre-headless"
  log "java: installed $JAVA_HOME_17"
else
  log "java: $JAVA_HOME_17 (17) already there"
fi
# A checkout builds the package's Pig functions (build-pig-udf.sh): that takes the JDK, not only the runtime.
if [ -d "$ROOT/pig-udf/src" ] && ! [ -x "$JAVA_HOME_17/bin/javac" ]; then
  apt_install openjdk-17-jdk-headless
  [ -x "$JAVA_HOME_17/bin/javac" ] || die "javac not found in $JAVA_HOME_17 after installing openjdk-17-jdk-headless"
fi
echo "$JAVA_HOME_17" > "$ENGINES_DIR/java-home"
export JAVA_HOME="$JAVA_HOME_17"
export PATH="$JAVA_HOME/bin:$PATH"

# ---------------------------------------------------------------- Maven
if ! command -v mvn >/dev/null 2>&1; then
  apt_install maven
  log "maven: installed"
else
  log "maven: $(command -v mvn) already there"
fi

# ---------------------------------------------------------------- Python venv
if [ "${EMR_JOBS_PIG_ONLY:-}" != 1 ]; then
  PY="${PYTHON:-python3}"
  command -v "$PY" >/dev/null 2>&1 || apt_install python3 python3-venv
  "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 8) else 1)' || die "$PY is older than 3.8 (pyspark 3.5 needs >= 3.8)"
  if ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    apt_install python3-venv
  fi
  VENV_STAMP="$VENV/.emr-jobs-requirements"
  WANT_STAMP="$(sha "$REQ") $("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  if [ -x "$VENV/bin/python" ] && [ -f "$VENV_STAMP" ] && [ "$(cat "$VENV_STAMP")" = "$WANT_STAMP" ] \
     && "$VENV/bin/python" -c 'import pyspark, moto' >/dev/null 2>&1; then
    log "python: $VENV already has $(tr '\n' ' ' < "$REQ")"
  else
    if ! [ -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
      rm -rf "$VENV"
      log "python: creating venv $VENV with $("$PY" --version 2>&1)"
      "$PY" -m venv "$VENV"
    fi
    log "python: pip install -r engines/requirements.txt (pyspark is ~300 MB: a minute or two)"
    # PYSPARK_HADOOP_VERSION must stay unset: it makes pyspark's setup download from Apache mirrors.
    env -u PYSPARK_HADOOP_VERSION "$VENV/bin/python" -m pip install -q -r "$REQ" </dev/null
    "$VENV/bin/python" -c 'import pyspark, moto; print("[install-engines] python: pyspark", pyspark.__version__, "moto", moto.__version__)'
    echo "$WANT_STAMP" > "$VENV_STAMP"
  fi
fi

# ---------------------------------------------------------------- Pig classpath
CP_STAMP="$ENGINES_DIR/pig.classpath.stamp"
WANT_CP_STAMP="$(sha "$POM")"
cp_complete() {
  [ -s "$CP_FILE" ] || return 1
  local jar
  while IFS= read -r -d: jar || [ -n "$jar" ]; do
    [ -z "$jar" ] || [ -f "$jar" ] || return 1
  done < <(tr -d '\n' < "$CP_FILE")
}
if [ -f "$CP_STAMP" ] && [ "$(cat "$CP_STAMP")" = "$WANT_CP_STAMP" ] && cp_complete; then
  log "pig: $CP_FILE already resolved ($(tr ':' '\n' < "$CP_FILE" | wc -l) jars)"
else
  log "pig: resolving engines/pig/pom.xml with maven"
  MVN_ARGS=(-B -q -Dstyle.color=never --no-transfer-progress -f "$POM" dependency:build-classpath "-Dmdep.outputFile=$CP_FILE.tmp")
  [ -n "${MAVEN_REPO_LOCAL:-}" ] && MVN_ARGS+=("-Dmaven.repo.local=$MAVEN_REPO_LOCAL")
  if ! mvn "${MVN_ARGS[@]}" </dev/null >"$ENGINES_DIR/maven.log" 2>&1; then
    cat "$ENGINES_DIR/maven.log" >&2
    die "maven could not resolve $POM (log: $ENGINES_DIR/maven.log)"
  fi
  mv "$CP_FILE.tmp" "$CP_FILE"
  echo "$WANT_CP_STAMP" > "$CP_STAMP"
  log "pig: wrote $CP_FILE ($(tr ':' '\n' < "$CP_FILE" | wc -l) jars)"
fi
# Smoke check: Pig's version banner (no job, ~0.5 s).
PIG_VERSION="$("$JAVA_HOME/bin/java" -Xmx256m -cp "$(cat "$CP_FILE")" org.apache.pig.Main -version 2>/dev/null | head -n1 || true)"
case "$PIG_VERSION" in
  *"0.17.0"*) log "pig: $PIG_VERSION" ;;
  *) die "pig does not start from $CP_FILE (got: ${PIG_VERSION:-nothing})" ;;
esac

# ---------------------------------------------------------------- the package's Pig functions
# A checkout builds its jar here too (the package ships it built, without the sources).
if [ "${EMR_JOBS_PIG_ONLY:-}" != 1 ] && [ -d "$ROOT/pig-udf/src" ]; then
  bash "$ROOT/scripts/build-pig-udf.sh"
fi

log "done: engines in $ENGINES_DIR"

# Sourced by ./mvnw and ./better-ccflare: exports JAVA_HOME pointing at a JDK 21 or newer.
# Looks in JAVA_HOME, then the java on PATH, then /usr/lib/jvm/* and /opt/java/*.
# Prints one sentence and exits 1 when no such JDK exists.

bcf_noglob=""
case $- in *f*) bcf_noglob=1; set +f ;; esac

bcf_java_major() {
  # $1: a JDK home. Prints its major version, or nothing.
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  case "$v" in 1.*) v=${v#1.} ;; esac
  printf '%s\n' "${v%%[.+-]*}"
}

bcf_find_jdk() {
  bcf_candidates=""
  [ -n "${JAVA_HOME-}" ] && bcf_candidates="$JAVA_HOME"
  if command -v java >/dev/null 2>&1; then
    bcf_java=$(command -v java)
    bcf_java=$(readlink -f "$bcf_java" 2>/dev/null || printf '%s' "$bcf_java")
    bcf_candidates="$bcf_candidates
${bcf_java%/bin/java}"
  fi
  for d in /usr/lib/jvm/* /opt/java/* /opt/java; do
    [ -d "$d" ] && bcf_candidates="$bcf_candidates
$d"
  done
  bcf_old_ifs=$IFS
  IFS='
'
  for home in $bcf_candidates; do
    [ -n "$home" ] || continue
    major=$(bcf_java_major "$home")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      IFS=$bcf_old_ifs
      printf '%s\n' "$home"
      return 0
    fi
  done
  IFS=$bcf_old_ifs
  return 1
}

BCF_JDK=$(bcf_find_jdk) || BCF_JDK=""
[ -z "$bcf_noglob" ] || set -f
if [ -n "$BCF_JDK" ]; then
  JAVA_HOME=$BCF_JDK
  export JAVA_HOME
  # Maven's own libraries use sun.misc.Unsafe; JDK 24+ warns about it unless told it is allowed.
  if [ "$(bcf_java_major "$JAVA_HOME")" -ge 24 ] 2>/dev/null; then
    case "${MAVEN_OPTS-}" in *sun-misc-unsafe*) ;; *) MAVEN_OPTS="${MAVEN_OPTS-} --sun-misc-unsafe-memory-access=allow"; export MAVEN_OPTS ;; esac
  fi
else
  echo "better-ccflare needs a Java Development Kit 21 or newer: install one (for example Temurin 21 from https://adoptium.net) or set JAVA_HOME to it." >&2
  exit 1
fi

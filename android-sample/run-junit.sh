#!/bin/sh
# Compiles the xiaodenglu Java library against the Java 8 API (what Android apps accept), compiles its
# JUnit 5 tests, and runs them with the repository root passed in, so they read test/vectors/ in place.
# Usage: sh android-sample/run-junit.sh   (JUNIT_CONSOLE_JAR overrides the launcher jar)
# Compiles into a fresh temporary directory, removed on exit, so runs side by side (npm test runs
# test/android/junit.test.ts beside other files) never share class files.
# Exits 3 when javac, java or the JUnit console launcher is missing; non-zero when a test fails.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
repo_root=$(CDPATH='' cd -- "$here/.." && pwd)
jar=${JUNIT_CONSOLE_JAR:-/usr/share/java/junit-platform-console-standalone.jar}

for tool in javac java; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "run-junit.sh: $tool not found: install a JDK 11 or newer (Debian: apt-get install default-jdk-headless)" >&2
        exit 3
    fi
done
if [ ! -f "$jar" ]; then
    echo "run-junit.sh: $jar not found: install Debian's junit5 package (apt-get install junit5) or set JUNIT_CONSOLE_JAR" >&2
    exit 3
fi

library="$here/xiaodenglu"
build=$(mktemp -d "${TMPDIR:-/tmp}/xiaodenglu-junit.XXXXXX")
trap 'rm -rf "$build"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$build/main" "$build/test"

# One javac call each; the argument files quote every path, so spaces in it are harmless. The JVMs run
# short and on a shared machine: C1 only and the serial collector roughly halve their CPU time.
list_sources() {
    find "$1" -name '*.java' | sed 's/\\/\\\\/g; s/"/\\"/g; s/.*/"&"/' > "$2"
}
list_sources "$library/src/main/java" "$build/main-sources.txt"
list_sources "$library/src/test/java" "$build/test-sources.txt"

javac -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC --release 8 -encoding UTF-8 -Xlint:all -Werror -d "$build/main" "@$build/main-sources.txt"
javac -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC --release 8 -encoding UTF-8 -Xlint:all -Werror -d "$build/test" -cp "$build/main:$jar" "@$build/test-sources.txt"

java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dxiaodenglu.repoRoot="$repo_root" -jar "$jar" \
    --disable-banner --details=summary --fail-if-no-tests \
    --class-path "$build/main:$build/test" --scan-class-path "$build/test"

# Sourced by the scripts in deploy/: picks a JDK 21 or newer for Maven and the platform.
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
        if [ -x "$candidate/bin/java" ]; then
            export JAVA_HOME="$candidate"
            break
        fi
    done
fi
if [ -z "${JAVA_HOME:-}" ]; then
    echo "no JDK 21 or newer found under /usr/lib/jvm; install one (for example openjdk-21-jdk-headless)" >&2
    exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"

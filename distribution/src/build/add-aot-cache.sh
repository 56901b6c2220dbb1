#!/bin/sh
# Build step of the distribution module (after the assembly): trains the AOT cache on the
# assembled tarball and puts it into both archives as lib/taskcast.aot, so that the server as
# shipped starts in a fraction of the time with the JDK that built it (docs/performance.md).
#
#   add-aot-cache.sh TARGET_DIR NAME JAVA_HOME
#
# Skipped (with a line saying why) when the build JDK is older than 25, when tar/gzip/zip are
# missing, or with -Dtaskcast.aot.skip=true. A JVM that cannot use the cache (another JDK build)
# starts without it; `bin/taskcast aot-cache` rebuilds it for the JDK at hand.
set -eu
target=$1 name=$2 jdk=$3

major=$("$jdk/bin/java" -version 2>&1 | sed -n 's/^.* version "\([0-9]*\).*$/\1/p' | head -n 1)
if [ -z "$major" ] || [ "$major" -lt 25 ]; then
  echo "[aot-cache] build JDK is ${major:-unknown}, not 25+: the distribution ships without an AOT cache"
  exit 0
fi
for tool in tar gzip zip; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "[aot-cache] $tool not found: the distribution ships without an AOT cache"
    exit 0
  fi
done

stage="$target/aot-stage"
rm -rf "$stage"
mkdir -p "$stage"
tar xzf "$target/$name.tar.gz" -C "$stage"
JAVA_HOME=$jdk "$stage/$name/bin/taskcast" aot-cache
chmod 0644 "$stage/$name/lib/taskcast.aot"
# Rebuild both archives from the unpacked tree: file modes and modification times are kept (the
# cache records the jars' times, so they must survive; zip stores them in its extended field).
tar czf "$target/$name.tar.gz.tmp" -C "$stage" "$name"
mv "$target/$name.tar.gz.tmp" "$target/$name.tar.gz"
rm -f "$target/$name.zip"
(cd "$stage" && zip -qr "$target/$name.zip" "$name")
rm -rf "$stage"
echo "[aot-cache] lib/taskcast.aot added to $name.tar.gz and $name.zip"

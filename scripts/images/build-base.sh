#!/usr/bin/env bash
# Builds the runtime base the service images are published onto (scripts/images/build-services.sh):
# a Debian minbase root (mmdebstrap, as build.sh makes the test images' root) with ca-certificates,
# libicu and libssl, the .NET and ASP.NET Core runtimes of this machine's dotnet (no SDK, no
# compiler, no package manager's lists), and the services' user: `taskmaster`, UID:GID 10001:10001,
# home /var/lib/taskmaster, which is writable by anyone, as /tmp is (runc gives a tmpfs mounted there
# the folder's mode, not its owner; an emptyDir is so too). /bin/sh stays (the worker runs its tasks through it).
# The root is built once per definition (this script and the runtimes' versions, hashed into its
# name and the image's tag) and kept in the cache; a second run finds the image and builds nothing.
# Usage: scripts/images/build-base.sh   (prints the image's name, localhost/taskmaster-base:TAG)
# TASKMASTER_IMAGE_CACHE: the cache (default ~/.cache/taskmaster/images); TASKMASTER_DEBIAN_MIRROR:
# the mirror (default deb.debian.org). The image goes to the podman store CONTAINERS_STORAGE_CONF
# names (the machine's own when unset).
set -uo pipefail

IMAGES_DIR=$(cd "$(dirname "$0")" && pwd)
SCRIPT_NAME=build-base
. "$IMAGES_DIR/lib.sh"
PACKAGES=ca-certificates,libicu72,libssl3
USER_ID=10001

images_require podman mmdebstrap dotnet
images_cache

# The runtimes this machine's dotnet runs the services on: the newest 10.x of each.
DOTNET_ROOT=$(dirname "$(readlink -f "$(command -v dotnet)")")
runtime() { dotnet --list-runtimes | awk -v name="$1" '$1 == name && $2 ~ /^10\./ { print $2 }' | sort -V | tail -n 1; }
NETCORE=$(runtime Microsoft.NETCore.App)
ASPNETCORE=$(runtime Microsoft.AspNetCore.App)
[ -n "$NETCORE" ] && [ -n "$ASPNETCORE" ] || fail "dotnet --list-runtimes lists no 10.x Microsoft.NETCore.App and Microsoft.AspNetCore.App"

HASH=$( { cat "$0" "$IMAGES_DIR/lib.sh"; echo "$NETCORE $ASPNETCORE $PACKAGES"; } | sha256sum | cut -c1-12)
IMAGE=localhost/taskmaster-base:$NETCORE-$HASH

exec 8>"$CACHE/base.lock"
flock 8 || fail "cannot lock $CACHE/base.lock"
if podman image exists "$IMAGE"; then echo "$IMAGE"; exit 0; fi

ROOT_TAR=$CACHE/base-$HASH.tar
if [ ! -f "$ROOT_TAR" ]; then
  started=$SECONDS
  echo "build-base: building the root ($PACKAGES, .NET $NETCORE, ASP.NET Core $ASPNETCORE, from $MIRROR, once)" >&2
  rm -f "$CACHE"/base-*.tar
  shared=/usr/share/dotnet/shared
  debian_root "$ROOT_TAR" "$PACKAGES" \
    --customize-hook="mkdir -p \"\$1$shared/Microsoft.NETCore.App/$NETCORE\" \"\$1$shared/Microsoft.AspNetCore.App/$ASPNETCORE\" \"\$1/usr/share/dotnet/host\"" \
    --customize-hook="sync-in $DOTNET_ROOT/host /usr/share/dotnet/host" \
    --customize-hook="sync-in $DOTNET_ROOT/shared/Microsoft.NETCore.App/$NETCORE $shared/Microsoft.NETCore.App/$NETCORE" \
    --customize-hook="sync-in $DOTNET_ROOT/shared/Microsoft.AspNetCore.App/$ASPNETCORE $shared/Microsoft.AspNetCore.App/$ASPNETCORE" \
    --customize-hook="upload $DOTNET_ROOT/dotnet /usr/share/dotnet/dotnet" \
    --customize-hook='chmod 755 "$1/usr/share/dotnet/dotnet" && ln -s /usr/share/dotnet/dotnet "$1/usr/bin/dotnet"' \
    --customize-hook="echo 'taskmaster:x:$USER_ID:$USER_ID:TaskMaster:/var/lib/taskmaster:/usr/sbin/nologin' >>\"\$1/etc/passwd\"" \
    --customize-hook="echo 'taskmaster:x:$USER_ID:' >>\"\$1/etc/group\"" \
    --customize-hook="mkdir -p \"\$1/var/lib/taskmaster\" && chown $USER_ID:$USER_ID \"\$1/var/lib/taskmaster\" && chmod 1777 \"\$1/var/lib/taskmaster\" \"\$1/tmp\"" \
    --customize-hook='rm -rf "$1"/var/log/*'
  echo "build-base: the root built in $((SECONDS - started)) s" >&2
fi

# The services' settings that hold for every image are the service images' own (their csproj
# properties); the base only says who runs and where home is.
podman import --quiet \
  --change "USER $USER_ID:$USER_ID" --change 'WORKDIR /var/lib/taskmaster' \
  --change 'ENV HOME=/var/lib/taskmaster' --change "ENV APP_UID=$USER_ID" \
  --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true' --change 'ENV DOTNET_ROOT=/usr/share/dotnet' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "LABEL org.opencontainers.image.description=TaskMaster's runtime base: Debian bookworm minbase, .NET $NETCORE, ASP.NET Core $ASPNETCORE" \
  "$ROOT_TAR" "$IMAGE" >/dev/null || fail "podman import failed for $IMAGE"
# An older definition's base is of no use any more.
for old in $(podman images --format '{{.Repository}}:{{.Tag}}' localhost/taskmaster-base); do
  [ "$old" = "$IMAGE" ] || podman rmi "$old" >/dev/null 2>&1
done
echo "$IMAGE"

#!/usr/bin/env bash
# Builds the container images the Testcontainers path runs where no registry can be reached:
# each is a Debian root (mmdebstrap, from the Debian mirror apt uses) with the server's packages
# and an entrypoint, imported into a podman image store of its own in the cache, under the name
# Testcontainers asks for. A private podman (scripts/servers/podman.sh) lists that store as an
# additional, read-only image store, so the image is found locally and never pulled.
# An image is built once per definition (its folder's files, hashed into a label); a second run
# finds it and builds nothing.
# Usage: scripts/images/build.sh IMAGE...   (IMAGE: a folder here, e.g. redis)
# TASKMASTER_IMAGE_CACHE: the cache (default ~/.cache/taskmaster/images): IMAGE.tar (the root),
# store/ (the image store), lock. TASKMASTER_DEBIAN_MIRROR: the mirror (default deb.debian.org).
# Prints the image store's path.
set -uo pipefail

IMAGES_DIR=$(cd "$(dirname "$0")" && pwd)
CACHE=${TASKMASTER_IMAGE_CACHE:-$HOME/.cache/taskmaster/images}
MIRROR=${TASKMASTER_DEBIAN_MIRROR:-http://deb.debian.org/debian}

fail() { echo "images: $*" >&2; exit 1; }

[ $# -gt 0 ] || fail "usage: $(basename "$0") IMAGE..."
for tool in podman mmdebstrap; do
  command -v "$tool" >/dev/null || fail "$tool is not installed: scripts/install-deps.sh installs it"
done
mkdir -p "$CACHE" || fail "cannot create $CACHE"
CACHE=$(cd "$CACHE" && pwd)

# The store's own storage.conf, so the machine's podman configuration (its store) is never touched.
cat >"$CACHE/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$CACHE/store"
runroot = "$CACHE/run"
CONF
store() { CONTAINERS_STORAGE_CONF="$CACHE/storage.conf" podman "$@"; }

# One build at a time per cache: test runs in parallel wait for the first one's image.
exec 9>"$CACHE/lock"
flock 9 || fail "cannot lock $CACHE/lock"

build_image() {
  local image=$1 definition hash label tar
  definition="$IMAGES_DIR/$image"
  [ -f "$definition/image" ] || fail "no image '$image' (no $definition/image)"
  local IMAGE_NAME IMAGE_PACKAGES IMAGE_CHANGES IMAGE_SETUP
  . "$definition/image"
  hash=$(cat "$definition"/* | sha256sum | cut -c1-16)
  label=$(store image inspect --format '{{index .Labels "taskmaster.definition"}}' "$IMAGE_NAME" 2>/dev/null)
  [ "$label" = "$hash" ] && return 0

  tar="$CACHE/$image-$hash.tar"
  if [ ! -f "$tar" ]; then
    echo "images: building $IMAGE_NAME ($IMAGE_PACKAGES, from $MIRROR, once)" >&2
    local started=$SECONDS
    rm -f "$CACHE/$image"-*.tar
    mmdebstrap --quiet --variant=minbase --format=tar --include="$IMAGE_PACKAGES" \
      --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
      --dpkgopt='path-exclude=/usr/share/locale/*' \
      --customize-hook="copy-in $definition/entrypoint.sh /usr/local/bin" \
      --customize-hook="$IMAGE_SETUP" \
      --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
      bookworm "$tar.partial" "$MIRROR" >&2 || { rm -f "$tar.partial"; fail "mmdebstrap failed for $IMAGE_NAME"; }
    mv "$tar.partial" "$tar"
    echo "images: $IMAGE_NAME's root built in $((SECONDS - started)) s" >&2
  fi
  local changes=() change
  for change in "${IMAGE_CHANGES[@]}" "LABEL taskmaster.definition=$hash"; do changes+=(--change "$change"); done
  store rmi --force "$IMAGE_NAME" >/dev/null 2>&1
  store import --quiet "${changes[@]}" "$tar" "$IMAGE_NAME" >/dev/null || fail "podman import failed for $IMAGE_NAME"
}

for image in "$@"; do build_image "$image"; done
echo "$CACHE/store"

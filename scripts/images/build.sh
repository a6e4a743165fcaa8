#!/usr/bin/env bash
# Builds the container images the Testcontainers path runs where no registry can be reached:
# each is a Debian root (mmdebstrap, from the Debian mirror apt uses) with the servers' packages
# and its entrypoint, imported into a podman image store of its own in the cache, under the name
# Testcontainers asks for. A private podman (scripts/servers/podman.sh) lists that store as an
# additional, read-only image store, so the image is found locally and never pulled.
# An image is built once per definition (the folders' files, hashed into a label); a second run
# finds it and builds nothing.
# Usage: scripts/images/build.sh IMAGE...   (IMAGE: a folder here, e.g. redis)
# TASKMASTER_IMAGE_CACHE: the cache (default ~/.cache/taskmaster/images): root-HASH.tar,
# store/ (the image store), lock. TASKMASTER_DEBIAN_MIRROR: the mirror (default deb.debian.org).
# Prints the image store's path.
set -uo pipefail

IMAGES_DIR=$(cd "$(dirname "$0")" && pwd)
SCRIPT_NAME=images
. "$IMAGES_DIR/lib.sh"

[ $# -gt 0 ] || fail "usage: $(basename "$0") IMAGE..."
images_require podman mmdebstrap
images_cache

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

# Every image of this folder shares one root (all their packages and entrypoints), so a machine
# runs mmdebstrap once, however many images it needs; its hash covers every definition.
ROOT_HASH=$(cat "$IMAGES_DIR"/*/* | sha256sum | cut -c1-16)
ROOT_TAR="$CACHE/root-$ROOT_HASH.tar"

build_root() {
  [ -f "$ROOT_TAR" ] && return 0
  local definition packages="" hooks=() started=$SECONDS
  for definition in "$IMAGES_DIR"/*/; do
    definition=${definition%/}
    local IMAGE_NAME IMAGE_PACKAGES IMAGE_CHANGES IMAGE_SETUP=""
    . "$definition/image"
    packages="${packages:+$packages,}$IMAGE_PACKAGES"
    hooks+=(--customize-hook="upload $definition/entrypoint.sh /usr/local/bin/$(basename "$definition")-entrypoint.sh"
      --customize-hook="chmod 755 \"\$1/usr/local/bin/$(basename "$definition")-entrypoint.sh\"")
    [ -z "$IMAGE_SETUP" ] || hooks+=(--customize-hook="$IMAGE_SETUP")
  done
  echo "images: building their root ($packages, from $MIRROR, once)" >&2
  rm -f "$CACHE"/root-*.tar
  debian_root "$ROOT_TAR" "$packages" "${hooks[@]}"
  echo "images: their root built in $((SECONDS - started)) s" >&2
}

build_image() {
  local image=$1 label
  [ -f "$IMAGES_DIR/$image/image" ] || fail "no image '$image' (no $IMAGES_DIR/$image/image)"
  local IMAGE_NAME IMAGE_PACKAGES IMAGE_CHANGES IMAGE_SETUP
  . "$IMAGES_DIR/$image/image"
  label=$(store image inspect --format '{{index .Labels "taskmaster.definition"}}' "$IMAGE_NAME" 2>/dev/null)
  [ "$label" = "$ROOT_HASH" ] && return 0
  build_root
  local changes=(--change "ENTRYPOINT [\"/usr/local/bin/$image-entrypoint.sh\"]") change
  for change in "${IMAGE_CHANGES[@]}" "LABEL taskmaster.definition=$ROOT_HASH"; do changes+=(--change "$change"); done
  store rmi --force "$IMAGE_NAME" >/dev/null 2>&1
  store import --quiet "${changes[@]}" "$ROOT_TAR" "$IMAGE_NAME" >/dev/null || fail "podman import failed for $IMAGE_NAME"
}

for image in "$@"; do build_image "$image"; done
echo "$CACHE/store"

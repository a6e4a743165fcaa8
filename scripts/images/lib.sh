# Sourced by build.sh and build-base.sh: the cache their images are built in, and a Debian root
# made as a tar with mmdebstrap. The caller sets SCRIPT_NAME (its messages' prefix) first.
# TASKMASTER_IMAGE_CACHE: the cache (default ~/.cache/taskmaster/images);
# TASKMASTER_DEBIAN_MIRROR: the mirror (default deb.debian.org).

MIRROR=${TASKMASTER_DEBIAN_MIRROR:-http://deb.debian.org/debian}

fail() { echo "$SCRIPT_NAME: $*" >&2; exit 1; }

# Fails naming the first of the tools that is missing.
images_require() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || fail "$tool is not installed: scripts/install-deps.sh installs it"
  done
}

# Sets CACHE to the cache's absolute path, creating it.
images_cache() {
  CACHE=${TASKMASTER_IMAGE_CACHE:-$HOME/.cache/taskmaster/images}
  mkdir -p "$CACHE" || fail "cannot create $CACHE"
  CACHE=$(cd "$CACHE" && pwd)
}

# debian_root TAR PACKAGES [mmdebstrap options...]: a bookworm minbase root with PACKAGES (comma
# separated), without docs, man pages, locales or apt's lists, written to TAR (through TAR.partial,
# so a failed build leaves nothing that looks whole).
debian_root() {
  local tar=$1 packages=$2
  shift 2
  mmdebstrap --quiet --variant=minbase --format=tar --include="$packages" \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' "$@" \
    --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
    bookworm "$tar.partial" "$MIRROR" >&2 || { rm -f "$tar.partial"; fail "mmdebstrap failed"; }
  mv "$tar.partial" "$tar"
}

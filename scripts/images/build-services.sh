#!/usr/bin/env bash
# Builds the four service images, taskmaster-{scheduler,worker,checkpoint,monitor}:VERSION, by SDK
# container publishing: `dotnet publish -c Release /t:PublishContainer` of each service project, the
# same `dotnet publish -c Release` output scripts/dev-up.sh runs, put in /app on a runtime base
# (the container properties are in src/services/Directory.Build.props). Daemonless: each image is
# written as an archive (OUT/taskmaster-<service>.tar.gz) and loaded into podman's store.
# Without --base, the base is scripts/images/build-base.sh's (built once), served to the SDK by a
# local registry (scripts/images/registry.sh, started and stopped here): the SDK pulls bases from
# a registry only.
# The images carry a hash of their inputs (the sources, the build files, the base) as the label
# taskmaster.inputs: when the store's four carry this checkout's, nothing is built again.
# Usage: scripts/images/build-services.sh [--base IMAGE] [--push REGISTRY [--tls-verify=false]] [--out DIR]
#   --base        the base image, a registry reference (e.g. mcr.microsoft.com/dotnet/aspnet:10.0)
#   --push        also push each to REGISTRY/taskmaster-<service>:VERSION (podman push)
#   --tls-verify  false for a registry on plain HTTP (e.g. a local docker-registry on 127.0.0.1)
#   --out         where the archives go (default artifacts/images)
# TASKMASTER_IMAGE_CACHE: the cache (default ~/.cache/taskmaster/images). The images go to the
# podman store CONTAINERS_STORAGE_CONF names (the machine's own when unset). Prints their names.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
IMAGES_DIR=$ROOT/scripts/images
CACHE=${TASKMASTER_IMAGE_CACHE:-$HOME/.cache/taskmaster/images}
SERVICES=(scheduler worker checkpoint monitor)

fail() { echo "build-services: $*" >&2; exit 1; }

base="" push="" tls_verify=true out=$ROOT/artifacts/images
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base=${2:-}; [ -n "$base" ] || fail "--base expects an image reference (e.g. mcr.microsoft.com/dotnet/aspnet:10.0)"; shift 2 ;;
    --push) push=${2:-}; [ -n "$push" ] || fail "--push expects a registry (e.g. 127.0.0.1:5000 or ghcr.io/you)"; shift 2 ;;
    --tls-verify=true|--tls-verify=false) tls_verify=${1#*=}; shift ;;
    --tls-verify*) fail "--tls-verify expects =true or =false, got '$1'" ;;
    --out) out=${2:-}; [ -n "$out" ] || fail "--out expects a folder"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown option: $1 (see --help)" ;;
  esac
done
for tool in podman dotnet git; do
  command -v "$tool" >/dev/null || fail "$tool is not installed: scripts/install-deps.sh installs it"
done
mkdir -p "$out" "$CACHE" || fail "cannot create $out or $CACHE"
out=$(cd "$out" && pwd)
CACHE=$(cd "$CACHE" && pwd)
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$ROOT/Directory.Build.props" | head -n 1)
[ -n "$version" ] || fail "no <Version> in $ROOT/Directory.Build.props"

# One build at a time per cache (two test runs at once wait for the first's images).
exec 9>"$CACHE/services.lock"
flock 9 || fail "cannot lock $CACHE/services.lock"

registry_dir=$CACHE/registry
stop_registry() { [ -z "${registry:-}" ] || "$IMAGES_DIR/registry.sh" stop "$registry_dir" >/dev/null 2>&1; }
trap stop_registry EXIT
# Stopped by a signal, the script still stops the registry it started (bash runs EXIT traps only on exit).
trap 'exit 143' TERM INT HUP
if [ -z "$base" ]; then
  base_local=$("$IMAGES_DIR/build-base.sh") || fail "the base could not be built"
fi

# The inputs: every file of the sources and build files git knows (committed or not, not ignored),
# by path, so that committing a file changes nothing.
inputs=$(cd "$ROOT" && {
  git ls-files -z --cached --others --exclude-standard -- src protos dashboard \
    Directory.Build.props Directory.Packages.props global.json scripts/images/build-services.sh \
    | xargs -0 -r sh -c 'for f; do [ -f "$f" ] && sha256sum "$f"; done' sh | LC_ALL=C sort -k 2
  echo "base ${base:-$base_local}"
} | sha256sum | cut -c1-16)

images=() built=yes
for service in "${SERVICES[@]}"; do
  images+=("localhost/taskmaster-$service:$version")
  label=$(podman image inspect --format '{{index .Labels "taskmaster.inputs"}}' "localhost/taskmaster-$service:$version" 2>/dev/null)
  [ "$label" = "$inputs" ] || built=no
done

if [ "$built" = no ]; then
  if [ -z "$base" ]; then
    "$IMAGES_DIR/registry.sh" start "$registry_dir" >/dev/null || fail "the local registry did not start: see $registry_dir/registry.log"
    registry=$(sed -n 's/^REGISTRY=//p' "$registry_dir/env" | tail -n 1)
    base=$registry/${base_local#localhost/}
    podman push --quiet --tls-verify=false "$base_local" "$base" || fail "could not push $base_local to $registry"
    export DOTNET_CONTAINER_INSECURE_REGISTRIES=$registry
  fi
  for service in "${SERVICES[@]}"; do
    started=$SECONDS
    project=$ROOT/src/services/TaskMaster.${service^}Service
    archive=$out/taskmaster-$service.tar.gz
    log=$out/publish-$service.log
    echo "build-services: taskmaster-$service:$version on $base" >&2
    rm -f "$archive"
    dotnet publish "$project" -c Release -t:PublishContainer --nologo -v quiet \
      "-p:ContainerBaseImage=$base" "-p:ContainerArchiveOutputPath=$archive" "-p:TaskMasterImageInputs=$inputs" \
      >"$log" 2>&1 || { tail -n 20 "$log" >&2; fail "publishing taskmaster-$service failed (all of it: $log)"; }
    podman rmi --force "localhost/taskmaster-$service:$version" >/dev/null 2>&1
    podman load --quiet --input "$archive" >/dev/null || fail "podman load failed for $archive"
    # The archive names it taskmaster-<service>:VERSION, which podman reads as docker.io/library/…:
    # kept under localhost/, where podman puts what was built here.
    podman tag "docker.io/library/taskmaster-$service:$version" "localhost/taskmaster-$service:$version" \
      && podman untag "localhost/taskmaster-$service:$version" "docker.io/library/taskmaster-$service:$version" \
      || fail "$archive did not load as taskmaster-$service:$version"
    echo "build-services: taskmaster-$service built in $((SECONDS - started)) s" >&2
  done
fi

if [ -n "$push" ]; then
  for service in "${SERVICES[@]}"; do
    podman push --quiet "--tls-verify=$tls_verify" "localhost/taskmaster-$service:$version" "$push/taskmaster-$service:$version" \
      || fail "could not push taskmaster-$service:$version to $push"
    echo "build-services: pushed $push/taskmaster-$service:$version" >&2
  done
fi
printf '%s\n' "${images[@]}"

#!/usr/bin/env bash
# A Docker API for Testcontainers where no Docker engine runs: `podman system service` on a
# private unix socket, with a configuration and a container store of its own (CONTAINERS_CONF,
# CONTAINERS_STORAGE_CONF in DIR: the machine's podman configuration and store are never used).
# It runs containers with runc and the rlimits runc needs here, each in a network namespace of its
# own through slirp4netns (never podman's default bridge), and finds the images of
# scripts/images/build.sh in that cache's store: nothing is pulled.
# Usage: scripts/servers/podman.sh start DIR [--images IMAGE,...] | stop DIR | kill DIR
#   --images IMAGE,...   builds those images first when the cache lacks them (default: redis)
# DIR/env: DOCKER_HOST (unix://DIR/podman.sock), CONTAINERS_CONF, CONTAINERS_STORAGE_CONF (for a
#          podman command against the same store). Stopping it removes every container it ran.
SERVER_NAME=podman
. "$(dirname "$0")/lib.sh"

server_parse_options() {
  images=redis
  while [ $# -gt 0 ]; do
    case "$1" in
      --images) images=${2:-}; shift 2 ;;
      *) server_fail "unknown option: $1" ;;
    esac
  done
}

podman_configure() {
  local image_store=$1
  cat >"$SERVER_DIR/containers.conf" <<CONF
[containers]
# runc fails at the default rlimits here.
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
# A container's network namespace is its own, through slirp4netns: no bridge is ever created.
netns = "slirp4netns"
[engine]
# crun fails here (cgroups in hybrid mode).
runtime = "runc"
# An exec session's conmon (Testcontainers' readiness check runs redis-cli in the container)
# outlives it by this long, for its exit code to be read: 5 minutes by default, longer than a test.
exit_command_delay = 10
[engine.runtimes]
runc = ["/usr/sbin/runc"]
CONF
  cat >"$SERVER_DIR/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$SERVER_DIR/data/store"
runroot = "$SERVER_DIR/run"
[storage.options]
additionalimagestores = ["$image_store"]
CONF
  server_env_set CONTAINERS_CONF "$SERVER_DIR/containers.conf"
  server_env_set CONTAINERS_STORAGE_CONF "$SERVER_DIR/storage.conf"
  server_env_set DOCKER_HOST "unix://$SERVER_DIR/podman.sock"
}

start_podman() {
  local tool image_store
  for tool in podman /usr/sbin/runc slirp4netns; do
    command -v "$tool" >/dev/null || server_fail "$tool is not installed: scripts/install-deps.sh installs it"
  done
  image_store=$("$SERVERS_DIR/../images/build.sh" ${images//,/ }) || server_fail "the images ($images) could not be built"
  podman_configure "$image_store"
  rm -f "$SERVER_DIR/podman.sock"
  server_spawn "$SERVER_DIR/podman.log" env CONTAINERS_CONF="$SERVER_DIR/containers.conf" \
    CONTAINERS_STORAGE_CONF="$SERVER_DIR/storage.conf" podman system service --time=0 "unix://$SERVER_DIR/podman.sock"
  server_await 30 "answering on $SERVER_DIR/podman.sock" probe_podman
}

probe_podman() {
  [ "$(curl -fsS --max-time 2 --unix-socket "$SERVER_DIR/podman.sock" http://podman/_ping)" = OK ]
}

# The containers outlive the service (conmon keeps them): removed by the store's own podman, which
# also unmounts their layers, so DIR can be deleted.
server_after_stop() {
  [ -f "$SERVER_DIR/storage.conf" ] || return 0
  CONTAINERS_CONF="$SERVER_DIR/containers.conf" CONTAINERS_STORAGE_CONF="$SERVER_DIR/storage.conf" \
    podman rm --all --force --time 0 >/dev/null 2>&1
  local mount
  for mount in $(awk -v dir="$SERVER_DIR/" 'index($2, dir) == 1 { print $2 }' /proc/mounts | sort -r); do
    umount "$mount" 2>/dev/null || umount -l "$mount"
  done
}

server_main start_podman 10 "$@"

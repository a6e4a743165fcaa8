#!/usr/bin/env bash
# A local OCI registry (Debian's docker-registry, the CNCF distribution registry) on 127.0.0.1, plain
# HTTP: where build-services.sh puts the runtime base for `dotnet publish /t:PublishContainer` to
# pull (the SDK takes its base from a registry only), and where images can be pushed to try them.
# Usage: scripts/images/registry.sh start DIR | stop DIR | kill DIR
# DIR/env: REGISTRY (127.0.0.1:PORT). Its blobs are kept in DIR/data across restarts.
SERVER_NAME=registry
. "$(dirname "$0")/../servers/lib.sh"

start_registry() {
  command -v docker-registry >/dev/null || server_fail "docker-registry is not installed: scripts/install-deps.sh installs it"
  local port
  port=$(server_port REGISTRY_PORT)
  server_env_set REGISTRY "127.0.0.1:$port"
  mkdir -p "$SERVER_DIR/data"
  cat >"$SERVER_DIR/config.yml" <<CONF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $SERVER_DIR/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
CONF
  server_spawn "$SERVER_DIR/registry.log" docker-registry serve "$SERVER_DIR/config.yml"
  server_await 30 "answering on 127.0.0.1:$port" probe_registry "$port"
}

probe_registry() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/v2/")" = 200 ] && server_owns_port "$1"
}

server_main start_registry 10 "$@"

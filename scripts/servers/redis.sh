#!/usr/bin/env bash
# Redis 7 on 127.0.0.1, durable as the scheduler's journal needs it: AOF with
# `appendfsync always` (an XADD is in the AOF when it returns), no RDB snapshots.
# Usage: scripts/servers/redis.sh start|stop|kill DIR
# DIR/env: REDIS_PORT, REDIS_ENDPOINT (host:port for StackExchange.Redis).
SERVER_NAME=redis
. "$(dirname "$0")/lib.sh"

start_redis() {
  command -v redis-server >/dev/null || server_fail "redis-server is not installed: scripts/install-deps.sh installs it"
  local port
  port=$(server_port REDIS_PORT)
  server_env_set REDIS_ENDPOINT "127.0.0.1:$port"
  mkdir -p "$SERVER_DIR/data"
  server_spawn "$SERVER_DIR/redis.log" redis-server --port "$port" --bind 127.0.0.1 --dir "$SERVER_DIR/data" \
    --appendonly yes --appendfsync always --save '' --daemonize no --logfile ''
  server_await 20 "serving on port $port" probe_redis "$port"
}

probe_redis() {
  [ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = PONG ] && server_owns_port "$1"
}

server_main start_redis 10 "$@"

#!/usr/bin/env bash
# s3rver 3.7.1 (npm, installed into scripts/servers/s3rver/ by scripts/install-deps.sh) on
# 127.0.0.1: a quick S3 server for tests that need put/get/list/delete only. It has no
# versioning and ignores conditional writes (If-None-Match, If-Match): tests of those use
# scripts/servers/rgw.sh. Clients sign with access key S3RVER, secret S3RVER; AWSSDK.S3 must
# send PutObject without chunk encoding (UseChunkEncoding = false) or the object is stored corrupted.
# Usage: scripts/servers/s3rver.sh start|stop|kill DIR
# DIR/env: S3_PORT, S3_URL, S3_ACCESS_KEY, S3_SECRET_KEY.
SERVER_NAME=s3rver
. "$(dirname "$0")/lib.sh"

S3RVER_JS=$SERVERS_DIR/s3rver/node_modules/s3rver/bin/s3rver.js

start_s3rver() {
  command -v node >/dev/null || server_fail "node is not installed: scripts/install-deps.sh installs it"
  [ -f "$S3RVER_JS" ] || server_fail "s3rver is not installed in $SERVERS_DIR/s3rver: scripts/install-deps.sh installs it"
  local port
  port=$(server_port S3_PORT)
  server_env_set S3_URL "http://127.0.0.1:$port"
  server_env_set S3_ACCESS_KEY S3RVER
  server_env_set S3_SECRET_KEY S3RVER
  mkdir -p "$SERVER_DIR/data"
  server_spawn "$SERVER_DIR/s3rver.log" node "$S3RVER_JS" --address 127.0.0.1 --port "$port" --directory "$SERVER_DIR/data" --silent
  server_await 20 "serving on port $port" probe_s3 "$port"
}

# Any HTTP answer (an anonymous ListBuckets is refused with 403) means it serves.
probe_s3() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/")" != 000 ] && server_owns_port "$1"; }

server_main start_s3rver 10 "$@"

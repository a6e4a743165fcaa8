#!/usr/bin/env bash
# RabbitMQ 3.10 on 127.0.0.1, run as whoever calls it (root included) without systemd: the node
# is started from /usr/lib/rabbitmq/bin (the /usr/sbin wrappers switch user), every file and port
# of its own. The management and prometheus plugins listen on 127.0.0.1 too. Quorum queues work
# on this one node (a queue declared with x-queue-type=quorum, as MassTransit's SetQuorumQueue does).
# Usage: scripts/servers/rabbitmq.sh start DIR [--consumer-timeout MS] | stop DIR | kill DIR
#   --consumer-timeout MS   how long a delivery may stay unacknowledged before the broker closes
#                           its channel (RabbitMQ's consumer_timeout; default 1800000, 30 min)
# DIR/env: RABBITMQ_PORT, RABBITMQ_URI (amqp://guest:guest@127.0.0.1:PORT/), RABBITMQ_MANAGEMENT_URL,
#          RABBITMQ_PROMETHEUS_URL, RABBITMQ_NODENAME, RABBITMQ_CONSUMER_TIMEOUT_MS, and the ports
#          of its Erlang distribution and epmd.
SERVER_NAME=rabbitmq
. "$(dirname "$0")/lib.sh"

RABBITMQ_BIN=/usr/lib/rabbitmq/bin

server_parse_options() {
  consumer_timeout=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --consumer-timeout) consumer_timeout=${2:-}; shift 2 ;;
      *) server_fail "unknown option: $1" ;;
    esac
  done
  case "$consumer_timeout" in ""|*[!0-9]*) [ -z "$consumer_timeout" ] || server_fail "--consumer-timeout: '$consumer_timeout' is not a number of milliseconds" ;; esac
}

# The environment of the node and of every CLI call against it: HOME holds its Erlang cookie.
rabbitmq_environment() {
  export HOME="$SERVER_DIR/home"
  export RABBITMQ_CONF_ENV_FILE="$SERVER_DIR/rabbitmq-env.conf"
  export RABBITMQ_NODENAME=$(server_env_get RABBITMQ_NODENAME)
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT=$(server_env_get RABBITMQ_PORT)
  export RABBITMQ_DIST_PORT=$(server_env_get RABBITMQ_DIST_PORT)
  export ERL_EPMD_PORT=$(server_env_get RABBITMQ_EPMD_PORT)
  export ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_MNESIA_BASE="$SERVER_DIR/data"
  export RABBITMQ_LOG_BASE="$SERVER_DIR/log"
  export RABBITMQ_CONFIG_FILE="$SERVER_DIR/rabbitmq.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$SERVER_DIR/enabled_plugins"
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

start_rabbitmq() {
  [ -x "$RABBITMQ_BIN/rabbitmq-server" ] || server_fail "rabbitmq-server is not installed: scripts/install-deps.sh installs it"
  local port dist epmd management prometheus timeout
  port=$(server_port RABBITMQ_PORT)
  dist=$(server_port RABBITMQ_DIST_PORT)
  epmd=$(server_port RABBITMQ_EPMD_PORT)
  management=$(server_port RABBITMQ_MANAGEMENT_PORT)
  prometheus=$(server_port RABBITMQ_PROMETHEUS_PORT)
  timeout=${consumer_timeout:-$(server_env_get RABBITMQ_CONSUMER_TIMEOUT_MS)}
  timeout=${timeout:-1800000}
  [ -n "$(server_env_get RABBITMQ_NODENAME)" ] || server_env_set RABBITMQ_NODENAME "taskmaster-$port@localhost"
  server_env_set RABBITMQ_CONSUMER_TIMEOUT_MS "$timeout"
  server_env_set RABBITMQ_URI "amqp://guest:guest@127.0.0.1:$port/"
  server_env_set RABBITMQ_MANAGEMENT_URL "http://127.0.0.1:$management/"
  server_env_set RABBITMQ_PROMETHEUS_URL "http://127.0.0.1:$prometheus/metrics"

  mkdir -p "$SERVER_DIR/home" "$SERVER_DIR/data" "$SERVER_DIR/log"
  : >"$SERVER_DIR/rabbitmq-env.conf"
  echo '[rabbitmq_management,rabbitmq_prometheus].' >"$SERVER_DIR/enabled_plugins"
  cat >"$SERVER_DIR/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$port
management.tcp.ip = 127.0.0.1
management.tcp.port = $management
prometheus.tcp.ip = 127.0.0.1
prometheus.tcp.port = $prometheus
consumer_timeout = $timeout
log.file.level = info
CONF
  rabbitmq_environment
  # The broker looks for overdue deliveries on each channel tick (60 s by default): a timeout of
  # seconds, as tests set, is enforced only if the tick is as short.
  local tick=$((timeout / 2))
  [ "$tick" -gt 60000 ] && tick=60000
  [ "$tick" -lt 200 ] && tick=200
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="$RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS -rabbit channel_tick_interval $tick"
  server_spawn "$SERVER_DIR/rabbitmq.log" "$RABBITMQ_BIN/rabbitmq-server"
  server_await 60 "accepting AMQP on port $port" probe_rabbitmq "$port" "$management"
}

# Ready once AMQP listens (the last listener the node opens) in our session, and the management API answers.
probe_rabbitmq() {
  server_owns_port "$1" && curl -sf -o /dev/null -u guest:guest "http://127.0.0.1:$2/api/overview"
}

# epmd starts with the first node and outlives it, in a session of its own: end it by its port.
server_after_stop() {
  local epmd
  epmd=$(server_env_get RABBITMQ_EPMD_PORT)
  [ -n "$epmd" ] && command -v epmd >/dev/null && epmd -port "$epmd" -kill >/dev/null 2>&1
  return 0
}

server_main start_rabbitmq 30 "$@"

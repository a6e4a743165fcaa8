# Sourced by every scripts/servers/<server>.sh: how a server is started, awaited and stopped.
#
# A server lives in one folder of its own, DIR, and everything about it is in there:
#   DIR/env       KEY=VALUE lines (no spaces, no quotes) saying where it listens: read by the test
#                 fixtures and sourced by scripts/dev-up.sh;
#   DIR/pids      the PIDs it was started as, one a line, in start order (stopped in reverse);
#   DIR/*.log     its logs, kept after it stops (a failing test quotes their end);
#   DIR/data/     its data, kept across a restart (stop, then start again on the same DIR).
# A restart reuses the ports in DIR/env, so its clients reconnect to the same address.
#
# Processes: each is started with setsid (its own session and process group, so stopping its
# group ends its children too) and stopped by PID, never by name. PID 1 on some machines does
# not reap orphans, so a stopped server can stay a zombie that `kill -0` still finds: "gone"
# means no such process or state Z.
set -uo pipefail

SERVERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

server_fail() { echo "$SERVER_NAME: $*" >&2; exit 1; }

# server_init NAME DIR: the folder, created if new; the script's own output goes to DIR/start.log too.
server_init() {
  SERVER_NAME=$1
  [ -n "${2:-}" ] || server_fail "usage: $(basename "$0") start|stop DIR [options]"
  mkdir -p "$2" || server_fail "cannot create $2"
  SERVER_DIR=$(cd "$2" && pwd)
  SERVER_PORTS_TAKEN=""
}

# server_env_get KEY: a value written by an earlier start of this server (empty when none).
server_env_get() {
  [ -f "$SERVER_DIR/env" ] || return 0
  sed -n "s/^$1=//p" "$SERVER_DIR/env" | tail -n 1
}

server_env_set() {
  local key=$1 value=$2
  touch "$SERVER_DIR/env"
  sed -i "/^$key=/d" "$SERVER_DIR/env"
  echo "$key=$value" >>"$SERVER_DIR/env"
}

server_listening() { [ -n "$(ss -Htln "sport = :$1" 2>/dev/null)" ]; }

# server_port KEY: the port this server had (a restart), else a free one, recorded under KEY.
# Free ports are drawn at random below Linux's ephemeral range (32768+), where outgoing
# connections never take them; one taken by someone else between this check and the server's
# bind makes the server fail to start, and the caller then starts it again with new ports
# (server_start_retrying), so the race costs a retry, never a wrong server.
server_port() {
  local key=$1 port
  port=$(server_env_get "$key")
  if [ -z "$port" ]; then
    while :; do
      port=$((20000 + RANDOM % 12000))
      case " $SERVER_PORTS_TAKEN " in *" $port "*) continue ;; esac
      server_listening "$port" || break
    done
    server_env_set "$key" "$port"
  fi
  SERVER_PORTS_TAKEN="$SERVER_PORTS_TAKEN $port"
  echo "$port"
}

server_gone() {
  local stat
  stat=$(ps -o stat= -p "$1" 2>/dev/null) || return 0
  case "$stat" in Z*|"") return 0 ;; *) return 1 ;; esac
}

# server_spawn LOG COMMAND...: starts COMMAND in a session of its own, output to LOG, its PID
# appended to DIR/pids. (In a script's background job setsid execs the command, so $! is it.)
# The server inherits no descriptor above 2: a lock its caller holds (scripts/images take one) would
# otherwise be held by the server as long as it lives, also after its caller was killed.
server_spawn() {
  local log=$1; shift
  (
    for fd in $(ls /proc/$BASHPID/fd); do
      [ "$fd" -gt 2 ] && eval "exec $fd>&-"
    done 2>/dev/null
    exec setsid "$@" </dev/null >>"$log" 2>&1
  ) &
  echo $! >>"$SERVER_DIR/pids"
  SERVER_PID=$!
}

# server_owns_port PORT: the socket listening on PORT belongs to a process of one of our sessions.
server_owns_port() {
  local pids sessions pid
  pids=$(ss -Htlnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u)
  [ -n "$pids" ] || return 1
  sessions=$(cat "$SERVER_DIR/pids" 2>/dev/null)
  for pid in $pids; do
    case " $(echo $sessions) " in *" $(ps -o sid= -p "$pid" | tr -d ' ') "*) return 0 ;; esac
  done
  return 1
}

server_log_tail() {
  local log
  for log in "$SERVER_DIR"/*.log; do
    [ -s "$log" ] || continue
    echo "--- last lines of $log"
    tail -n "${1:-30}" "$log"
  done
}

# server_await SECONDS WHAT PROBE...: runs PROBE until it succeeds. Fails (2) as soon as a process
# of the server is gone, saying so with its logs' ends; fails (1) after SECONDS.
server_await() {
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds)) pid
  while :; do
    for pid in $(cat "$SERVER_DIR/pids"); do
      if server_gone "$pid"; then
        echo "$SERVER_NAME: process $pid ended before $what" >&2
        server_log_tail >&2
        return 2
      fi
    done
    "$@" >/dev/null 2>&1 && return 0
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$SERVER_NAME: not $what within ${seconds}s" >&2
      server_log_tail >&2
      return 1
    fi
    sleep 0.05
  done
}

# server_stop_pids GRACE: SIGTERM to each recorded process group, the last started first (a
# server's parts stop before what they depend on), each awaited up to GRACE seconds before
# SIGKILL; then DIR/pids is emptied.
server_stop_pids() {
  local grace=$1 pid deadline
  [ -f "$SERVER_DIR/pids" ] || return 0
  for pid in $(tac "$SERVER_DIR/pids"); do
    server_gone "$pid" && continue
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    deadline=$((SECONDS + grace))
    while ! server_gone "$pid" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.05; done
    if ! server_gone "$pid"; then
      echo "$SERVER_NAME: process $pid still there ${grace}s after SIGTERM: SIGKILL" >&2
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
      while ! server_gone "$pid"; do sleep 0.05; done
    fi
  done
  : >"$SERVER_DIR/pids"
}

# server_kill: SIGKILL to every recorded process group at once (a crash, for tests of recovery).
server_kill() {
  local pid
  [ -f "$SERVER_DIR/pids" ] || return 0
  for pid in $(cat "$SERVER_DIR/pids"); do kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null; done
  for pid in $(cat "$SERVER_DIR/pids"); do while ! server_gone "$pid"; do sleep 0.05; done; done
  : >"$SERVER_DIR/pids"
}

# server_start_retrying ATTEMPTS START_FUNCTION: a start that failed because a process ended
# early (most often a port someone took meanwhile) is retried with new ports, unless the ports
# are a restart's, which must stay.
server_start_retrying() {
  local attempts=$1 start=$2 restart status
  restart=$([ -s "$SERVER_DIR/env" ] && echo yes || echo no)
  while :; do
    : >"$SERVER_DIR/pids"
    "$start"
    status=$?
    [ "$status" -eq 0 ] && return 0
    server_stop_pids 5
    attempts=$((attempts - 1))
    if [ "$status" -ne 2 ] || [ "$restart" = yes ] || [ "$attempts" -le 0 ]; then return 1; fi
    echo "$SERVER_NAME: starting again on other ports" >&2
    rm -f "$SERVER_DIR/env"
  done
}

# server_main START_FUNCTION [STOP_GRACE] -- "$@": the command line every server script has.
#   start DIR [options]   starts the server (or restarts it on DIR's ports), returns once it serves
#   stop DIR              stops it by PID (SIGTERM, SIGKILL after the grace)
#   kill DIR              SIGKILL, as a crash would
server_main() {
  local start=$1 grace=$2; shift 2
  local command=${1:-}; shift || true
  server_init "$SERVER_NAME" "${1:-}"; shift || true
  case "$command" in
    start)
      # Pids left by a start whose processes are gone (killed with their caller) do not hold the folder.
      local alive="" pid
      for pid in $(cat "$SERVER_DIR/pids" 2>/dev/null); do kill -0 "$pid" 2>/dev/null && alive="$alive $pid"; done
      if [ -n "$alive" ]; then server_fail "already started in $SERVER_DIR (pids:$alive)"; fi
      rm -f "$SERVER_DIR/pids"
      server_parse_options "$@"
      server_start_retrying 3 "$start" || exit 1
      cat "$SERVER_DIR/env" ;;
    stop) server_stop_pids "$grace"; server_after_stop ;;
    kill) server_kill; server_after_stop ;;
    *) server_fail "usage: $(basename "$0") start|stop|kill DIR [options]" ;;
  esac
}

# Hooks a server script may redefine.
server_parse_options() { [ $# -eq 0 ] || server_fail "unknown option: $1"; }
server_after_stop() { :; }

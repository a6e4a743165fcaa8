#!/bin/sh
# As the official redis image's entrypoint: options alone (the first argument starts with '-')
# are redis-server's, which runs as the redis user in /data with protected mode off (the
# container's own network namespace is the boundary; its port is published on 127.0.0.1 only).
set -e
case "${1:-}" in -*) set -- redis-server "$@" ;; esac
if [ "$1" = redis-server ]; then
  shift
  set -- redis-server --protected-mode no "$@"
  if [ "$(id -u)" = 0 ]; then
    chown redis:redis /data
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
  fi
fi
exec "$@"

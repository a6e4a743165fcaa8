#!/bin/sh
# As the official rabbitmq image: RABBITMQ_DEFAULT_USER and _PASS name the one user (allowed from
# anywhere: clients come through the container's port forwarding), logs go to the console (where
# Testcontainers awaits "Server startup complete"), the management and prometheus plugins listen.
# RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS passes on (consumer_timeout).
set -e
if [ "${1:-}" = rabbitmq-server ]; then
  cat >/etc/rabbitmq/rabbitmq.conf <<CONF
loopback_users = none
default_user = ${RABBITMQ_DEFAULT_USER:-guest}
default_pass = ${RABBITMQ_DEFAULT_PASS:-guest}
log.console = true
log.file = false
management.tcp.port = 15672
CONF
  echo '[rabbitmq_management,rabbitmq_prometheus].' >/etc/rabbitmq/enabled_plugins
  chown -R rabbitmq:rabbitmq /var/lib/rabbitmq /var/log/rabbitmq
  export HOME=/var/lib/rabbitmq RABBITMQ_LOGS=-
  exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups /usr/lib/rabbitmq/bin/rabbitmq-server
fi
exec "$@"

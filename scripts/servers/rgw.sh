#!/usr/bin/env bash
# Ceph's RADOS Gateway (Ceph 16), a real S3 server, on 127.0.0.1: one ceph-mon (no auth, msgr v2
# only), one ceph-osd keeping its objects in memory (memstore; saved to DIR on a clean stop),
# pools of one replica, and radosgw. Unlike s3rver it versions buckets and honours conditional
# writes (If-None-Match: * refused with 412 when the key exists, If-Match with a stale ETag too).
# Usage: scripts/servers/rgw.sh start|stop|kill DIR
# DIR/env: S3_PORT, S3_URL, S3_ACCESS_KEY, S3_SECRET_KEY (a user made at the first start), the
#          mon's port.
SERVER_NAME=rgw
. "$(dirname "$0")/lib.sh"

# radosgw and radosgw-admin hang on "get_initial_auth_request returned -13" without these.
CRC_MODES=(--ms-mon-client-mode=crc --ms-client-mode=crc)
ACCESS_KEY=TASKMASTER
SECRET_KEY=taskmaster-secret

write_ceph_config() {
  local mon=$1 rgw=$2 fsid
  fsid=$(server_env_get CEPH_FSID)
  [ -n "$fsid" ] || { fsid=$(cat /proc/sys/kernel/random/uuid); server_env_set CEPH_FSID "$fsid"; }
  cat >"$SERVER_DIR/ceph.conf" <<CONF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$mon
public addr = 127.0.0.1
ms bind msgr1 = false
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
keyring = /dev/null
run dir = $SERVER_DIR/run
admin socket = $SERVER_DIR/run/\$name.asok
log file = $SERVER_DIR/\$name.log
mon data = $SERVER_DIR/mon
mon data avail warn = 2
mon data avail crit = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd data = $SERVER_DIR/osd
osd objectstore = memstore
memstore device bytes = 1073741824
osd pool default size = 1
osd pool default min size = 1
osd pool default pg autoscale mode = off
osd pool default pg num = 8
osd pool default pgp num = 8
osd crush chooseleaf type = 0
[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:$rgw
rgw data = $SERVER_DIR/rgw
CONF
}

ceph_cli() { ceph -c "$SERVER_DIR/ceph.conf" --connect-timeout 5 "$@"; }

start_rgw() {
  local bin
  for bin in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph; do
    command -v "$bin" >/dev/null || server_fail "$bin is not installed: scripts/install-deps.sh installs radosgw ceph-mon ceph-osd"
  done
  local mon rgw fresh=no
  mon=$(server_port CEPH_MON_PORT)
  rgw=$(server_port S3_PORT)
  server_env_set S3_URL "http://127.0.0.1:$rgw"
  server_env_set S3_ACCESS_KEY "$ACCESS_KEY"
  server_env_set S3_SECRET_KEY "$SECRET_KEY"
  write_ceph_config "$mon" "$rgw"
  mkdir -p "$SERVER_DIR/run" "$SERVER_DIR/rgw"

  if [ ! -d "$SERVER_DIR/mon/store.db" ]; then
    fresh=yes
    rm -rf "$SERVER_DIR/mon" "$SERVER_DIR/osd" && mkdir -p "$SERVER_DIR/mon" "$SERVER_DIR/osd"
    monmaptool --create --addv a "[v2:127.0.0.1:$mon]" --fsid "$(server_env_get CEPH_FSID)" "$SERVER_DIR/monmap" >>"$SERVER_DIR/setup.log" 2>&1 &&
      ceph-mon --mkfs -i a --monmap "$SERVER_DIR/monmap" -c "$SERVER_DIR/ceph.conf" >>"$SERVER_DIR/setup.log" 2>&1 ||
      { cat "$SERVER_DIR/setup.log" >&2; server_fail "could not make the mon's store"; }
  fi
  server_spawn "$SERVER_DIR/mon.out.log" ceph-mon -f -i a -c "$SERVER_DIR/ceph.conf"
  server_await 30 "a mon in quorum on port $mon" probe_mon "$mon" || return $?

  if [ "$fresh" = yes ]; then
    local uuid
    uuid=$(cat /proc/sys/kernel/random/uuid)
    ceph_cli osd new "$uuid" >>"$SERVER_DIR/setup.log" 2>&1 &&
      ceph-osd -c "$SERVER_DIR/ceph.conf" -i 0 --mkfs --osd-uuid "$uuid" >>"$SERVER_DIR/setup.log" 2>&1 ||
      { cat "$SERVER_DIR/setup.log" >&2; server_fail "could not make the osd"; }
  fi
  server_spawn "$SERVER_DIR/osd.out.log" ceph-osd -f -i 0 -c "$SERVER_DIR/ceph.conf"
  server_await 60 "the osd up" probe_osd || return $?

  server_spawn "$SERVER_DIR/rgw.out.log" radosgw -f -c "$SERVER_DIR/ceph.conf" -n client.rgw "${CRC_MODES[@]}"
  server_await 60 "serving S3 on port $rgw" probe_rgw "$rgw" || return $?

  if [ "$fresh" = yes ]; then
    radosgw-admin -c "$SERVER_DIR/ceph.conf" "${CRC_MODES[@]}" user create --uid=taskmaster --display-name=TaskMaster \
      --access-key="$ACCESS_KEY" --secret="$SECRET_KEY" >>"$SERVER_DIR/setup.log" 2>&1 ||
      { tail -n 20 "$SERVER_DIR/setup.log" >&2; server_fail "could not create the S3 user"; }
  fi
}

probe_mon() { server_owns_port "$1" && ceph_cli quorum_status; }
probe_osd() { ceph_cli osd stat | grep -q ' 1 up'; }
probe_rgw() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/")" = 200 ] && server_owns_port "$1"; }

server_main start_rgw 30 "$@"

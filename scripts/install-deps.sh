#!/usr/bin/env bash
# Installs what building and testing TaskMaster need and a machine may lack, and nothing that is
# already there:
#   - Node.js and npm: the dashboard is bundled with npm when the solution builds;
#   - not with --build (the tests need them):
#     - Chromium: the dashboard's browser tests drive Debian's build through Playwright
#       (Playwright's own browser download is never used);
#     - the servers tests/TaskMaster.IntegrationTests starts (scripts/servers/*.sh): Redis,
#       RabbitMQ, Prometheus, Alertmanager, Ceph's RADOS Gateway (a mon, an osd, radosgw: the S3
#       server with versioning and conditional writes), from apt; and s3rver 3.7.1 (npm) into
#       scripts/servers/s3rver/, never globally;
#     - what tests/TaskMaster.IntegrationTests/Containers runs containers with where no Docker
#       engine runs (scripts/servers/podman.sh, scripts/images/build.sh): podman, runc,
#       slirp4netns, mmdebstrap, curl;
#     - what tests/TaskMaster.Deployment.Tests builds the service images with
#       (scripts/images/build-services.sh: podman, mmdebstrap, docker-registry) and checks the
#       Tiltfile with (its tools/tiltfile-check, Go on Debian's go.starlark.net: golang-go,
#       golang-starlark-dev);
#     - the npm tools tests/TaskMaster.Deployment.Tests checks the Helm chart, the manifests and
#       the Grafana dashboards with (tests/TaskMaster.Deployment.Tests/tools/*/, npm ci each).
# Debian/Ubuntu (apt-get). As root it installs; otherwise through sudo when that needs no
# password; else it prints the one command to run and fails. TASKMASTER_NO_INSTALL=1 only checks.
# Usage: scripts/install-deps.sh [--build]
set -uo pipefail
cd "${0%/*}/.."

missing() { ! command -v "$1" >/dev/null 2>&1; }

packages=()
missing node && packages+=(nodejs)
missing npm && packages+=(npm)
if [ "${1:-}" != --build ]; then
  [ -x /usr/bin/chromium ] || packages+=(chromium)
  missing redis-server && packages+=(redis-server)
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || packages+=(rabbitmq-server)
  missing prometheus && packages+=(prometheus)
  missing prometheus-alertmanager && packages+=(prometheus-alertmanager)
  { missing radosgw || missing ceph-mon || missing ceph-osd; } && packages+=(radosgw ceph-mon ceph-osd)
  missing podman && packages+=(podman)
  [ -x /usr/sbin/runc ] || packages+=(runc)
  missing slirp4netns && packages+=(slirp4netns)
  missing mmdebstrap && packages+=(mmdebstrap)
  missing curl && packages+=(curl)
  missing docker-registry && packages+=(docker-registry)
  missing go && packages+=(golang-go)
  [ -d /usr/share/gocode/src/go.starlark.net ] || packages+=(golang-starlark-dev)
fi
s3rver=scripts/servers/s3rver
need_s3rver=no
[ "${1:-}" != --build ] && [ ! -f "$s3rver/node_modules/s3rver/package.json" ] && need_s3rver=yes
# The npm tools the deployment tests check the chart, dashboards and manifests with: one folder
# each (package.json + package-lock.json) under tests/TaskMaster.Deployment.Tests/tools/.
npm_tools=()
if [ "${1:-}" != --build ]; then
  for manifest in tests/TaskMaster.Deployment.Tests/tools/*/package.json; do
    [ -f "$manifest" ] || continue
    folder=${manifest%/package.json}
    [ -f "$folder/node_modules/.package-lock.json" ] || npm_tools+=("$folder")
  done
fi
[ ${#packages[@]} -eq 0 ] && [ "$need_s3rver" = no ] && [ ${#npm_tools[@]} -eq 0 ] && exit 0

list="${packages[*]}"
install="apt-get install -y --no-install-recommends $list"
if [ "${TASKMASTER_NO_INSTALL:-}" = 1 ]; then
  [ -n "$list" ] && echo "TaskMaster needs: $list (TASKMASTER_NO_INSTALL=1, so nothing is installed); run: $install" >&2
  [ "$need_s3rver" = yes ] && echo "TaskMaster needs s3rver (TASKMASTER_NO_INSTALL=1, so nothing is installed); run: npm ci --prefix $s3rver" >&2
  exit 1
fi

if [ ${#packages[@]} -gt 0 ]; then
  if missing apt-get; then
    echo "TaskMaster needs: $list, and this machine has no apt-get: install them with its package manager" >&2
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "TaskMaster needs: $list; install them as root: $install" >&2
    exit 1
  fi
  echo "installing what TaskMaster needs: $list (apt-get, once)"
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq -o DPkg::Lock::Timeout=300 >/dev/null 2>&1 || true
  if ! "${as_root[@]}" apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends $list >/dev/null; then
    echo "could not install: $list (tried: $install)" >&2
    exit 1
  fi
  echo "installed: $list"
fi

if [ "$need_s3rver" = yes ]; then
  echo "installing what TaskMaster's tests need: s3rver 3.7.1 (npm, into $s3rver, once)"
  if ! npm ci --prefix "$s3rver" --no-audit --no-fund --loglevel=error >/dev/null; then
    echo "could not install s3rver (tried: npm ci --prefix $s3rver)" >&2
    exit 1
  fi
  echo "installed: s3rver into $s3rver"
fi

for folder in "${npm_tools[@]}"; do
  echo "installing what TaskMaster's deployment tests need: $folder (npm, once)"
  if ! npm ci --prefix "$folder" --no-audit --no-fund --loglevel=error >/dev/null; then
    echo "could not install $folder (tried: npm ci --prefix $folder)" >&2
    exit 1
  fi
  echo "installed: $folder"
done

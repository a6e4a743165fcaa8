#!/usr/bin/env bash
# Installs what building and testing TaskMaster need and a machine may lack, and nothing that is
# already there:
#   - Node.js and npm: the dashboard is bundled with npm when the solution builds;
#   - Chromium (not with --build): the dashboard's browser tests drive Debian's build through
#     Playwright (Playwright's own browser download is never used).
# Debian/Ubuntu (apt-get). As root it installs; otherwise through sudo when that needs no
# password; else it prints the one command to run and fails. TASKMASTER_NO_INSTALL=1 only checks.
# Usage: scripts/install-deps.sh [--build]
set -uo pipefail

packages=()
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
[ "${1:-}" = --build ] || [ -x /usr/bin/chromium ] || packages+=(chromium)
[ ${#packages[@]} -eq 0 ] && exit 0

list="${packages[*]}"
install="apt-get install -y --no-install-recommends $list"
if [ "${TASKMASTER_NO_INSTALL:-}" = 1 ]; then
  echo "TaskMaster needs: $list (TASKMASTER_NO_INSTALL=1, so nothing is installed); run: $install" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
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

#!/usr/bin/env bash
# The README's first command: runs the example queue end to end with its live dashboard, through
# `dotnet run` (building first). Installs Node.js and npm first if they are missing (the build
# bundles the dashboard with them; see scripts/install-deps.sh). Extra arguments go to `execute`.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if ! command -v dotnet >/dev/null 2>&1; then
  echo "dotnet (the .NET 10 SDK) is required: https://dotnet.microsoft.com/download" >&2
  exit 1
fi
./scripts/install-deps.sh --build || exit 1
exec dotnet run --project src/cli/TaskMaster.Cli -c Release -- \
  execute --queue examples/demo/task-queue.md --monitor --monitor-linger 2m "$@"

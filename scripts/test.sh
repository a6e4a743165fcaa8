#!/usr/bin/env bash
# Runs the whole test suite: installs what the tests need when it is missing (once; a second run
# installs nothing), builds the solution and runs every test project.
# Ends with one line, "tests: N passed, N failed, N skipped", from the real results; exits
# non-zero when anything failed or nothing ran.
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "dotnet (the .NET 10 SDK) is required: https://dotnet.microsoft.com/download" >&2
  echo "tests: 0 passed, 1 failed (set-up: no .NET SDK)"
  exit 1
fi

./scripts/install-deps.sh || { echo "tests: 0 passed, 1 failed (set-up failed: see above)"; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet build TaskMaster.sln -c Release 2>&1 | tail -n 3
build=${PIPESTATUS[0]}
if [ "$build" -ne 0 ]; then
  dotnet build TaskMaster.sln -c Release 2>&1 | grep -E "error" | sort -u | head -n 50
  echo "tests: 0 passed, 0 failed (the build failed)"
  exit 1
fi

# A shell without job control starts background commands with SIGINT and SIGQUIT ignored, and a
# process keeps what it was started with: the tests that stop an executor with SIGINT would then
# wait for nothing. The tests start from the defaults, wherever this script was started from.
env --default-signal=INT,QUIT,PIPE dotnet test --solution TaskMaster.sln -c Release --no-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Microsoft.Testing.Platform ends with a summary block: total / failed / succeeded / skipped.
passed=$(grep -E '^\s+succeeded:\s+[0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || true)
failed=$(grep -E '^\s+failed:\s+[0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || true)
skipped=$(grep -E '^\s+skipped:\s+[0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || true)
passed=${passed:-0}; failed=${failed:-0}; skipped=${skipped:-0}

echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi

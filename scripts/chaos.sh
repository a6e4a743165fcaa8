#!/usr/bin/env bash
# The randomized fault campaign (docs/reliability.md): starts RabbitMQ, Redis, s3rver and the services
# (two scheduler replicas, checkpoint, monitor, 3 workers) on loopback, runs seeded schedules of faults against
# generated queues, and prints the checker's table. Exits 1 when a check failed, 2 on bad options.
# Usage: scripts/chaos.sh [-c Debug|Release] [--schedules N] [--seed S] [--kinds all|KIND,...] [--minutes M] [--liveness SECONDS] [--replicas R]
#   -c   the build configuration to build and run (default Release); the rest: see --help
# Example: scripts/chaos.sh --schedules 50 --seed 1000 --kinds all --minutes 1
set -euo pipefail
cd "$(dirname "$0")/.."
configuration=Release
if [ "${1:-}" = "-c" ]; then
  configuration=${2:-}
  [ "$configuration" = Debug ] || [ "$configuration" = Release ] || { echo "chaos: -c expects Debug or Release, got '$configuration'" >&2; exit 2; }
  shift 2
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build tests/TaskMaster.Chaos.Tests -c "$configuration" -v quiet --nologo >/dev/null \
  || { echo "chaos: the build failed: dotnet build tests/TaskMaster.Chaos.Tests -c $configuration" >&2; exit 2; }
exec dotnet run --no-build --project tests/TaskMaster.Chaos.Tests -c "$configuration" -- campaign "$@"

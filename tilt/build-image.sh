#!/usr/bin/env bash
# Tilt's custom_build of one service image (tilt/Tiltfile): SDK container publishing of the
# service as scripts/images/build-services.sh does it (src/services/Directory.Build.props), from
# the output Tilt's publish-<service> resource made (tilt/.publish/<service>/, the PublishDir), into
# the local engine (Docker, or podman when there is no Docker) as $EXPECTED_REF, which Tilt then
# loads into the cluster.
# Usage (by Tilt): tilt/build-image.sh SERVICE   with EXPECTED_REF and TASKMASTER_BASE_IMAGE set.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
service=${1:?usage: build-image.sh scheduler|worker|checkpoint|monitor}
case "$service" in scheduler|worker|checkpoint|monitor) ;; *) echo "build-image: no service '$service' (scheduler, worker, checkpoint or monitor)" >&2; exit 1 ;; esac
ref=${EXPECTED_REF:?is set by Tilt: run this through tilt up -f tilt/Tiltfile}
base=${TASKMASTER_BASE_IMAGE:-mcr.microsoft.com/dotnet/aspnet:10.0}
engine=docker
command -v docker >/dev/null || engine=podman
command -v "$engine" >/dev/null || { echo "build-image: neither docker nor podman is installed" >&2; exit 1; }
tag=${ref##*:}
dotnet publish "$ROOT/src/services/TaskMaster.${service^}Service" -c Release -t:PublishContainer --nologo \
  "-p:PublishDir=$ROOT/tilt/.publish/$service/" "-p:ContainerBaseImage=$base" "-p:ContainerImageTag=$tag" \
  "-p:LocalRegistry=$engine" >&2
# The SDK names it taskmaster-<service>:TAG; Tilt may expect it under a registry's name.
[ "$ref" = "taskmaster-$service:$tag" ] || "$engine" tag "taskmaster-$service:$tag" "$ref"

{{/* The release's objects are "<fullname>-<part>": `kubectl scale deployment/<release>-worker`. */}}
{{- define "taskmaster.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{- define "taskmaster.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: taskmaster
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: taskmaster
{{- end -}}

{{/* Selector labels of one part: (dict "root" $ "component" "worker"). */}}
{{- define "taskmaster.selectorLabels" -}}
app.kubernetes.io/name: taskmaster
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "taskmaster.componentLabels" -}}
{{ include "taskmaster.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The four services, in the order they are listed everywhere. */}}
{{- define "taskmaster.services" -}}
scheduler worker checkpoint monitor
{{- end -}}

{{- define "taskmaster.image" -}}
{{- $root := .root -}}
{{- $name := printf "taskmaster-%s:%s" .component (default $root.Chart.AppVersion $root.Values.image.tag) -}}
{{- if $root.Values.image.registry -}}{{ printf "%s/%s" (trimSuffix "/" $root.Values.image.registry) $name }}{{- else -}}{{ $name }}{{- end -}}
{{- end -}}

{{/*
A generated secret value that survives upgrades: the value the release's Secret already holds, else a
new random one. (dict "root" $ "name" SECRET "key" KEY).
*/}}
{{- define "taskmaster.generated" -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace .name -}}
{{- if and $existing $existing.data (hasKey $existing.data .key) -}}
{{- index $existing.data .key | b64dec -}}
{{- else -}}
{{- randAlphaNum 40 -}}
{{- end -}}
{{- end -}}

{{/* Where each connection's secret lives: name and key. */}}
{{- define "taskmaster.controlSecret" -}}
{{- if .Values.control.existingSecret -}}{{ .Values.control.existingSecret }}{{- else -}}{{ include "taskmaster.fullname" . }}-control{{- end -}}
{{- end -}}

{{- define "taskmaster.rabbitmqSecret" -}}
{{- if eq .Values.rabbitmq.mode "external" -}}{{ .Values.rabbitmq.external.existingSecret }}{{- else -}}{{ include "taskmaster.fullname" . }}-rabbitmq{{- end -}}
{{- end -}}

{{- define "taskmaster.rabbitmqSecretKey" -}}
{{- if eq .Values.rabbitmq.mode "external" -}}{{ .Values.rabbitmq.external.key }}{{- else -}}uri{{- end -}}
{{- end -}}

{{- define "taskmaster.redisSecret" -}}
{{- if eq .Values.redis.mode "external" -}}{{ .Values.redis.external.existingSecret }}{{- else -}}{{ include "taskmaster.fullname" . }}-redis{{- end -}}
{{- end -}}

{{- define "taskmaster.redisSecretKey" -}}
{{- if eq .Values.redis.mode "external" -}}{{ .Values.redis.external.key }}{{- else -}}endpoint{{- end -}}
{{- end -}}

{{- define "taskmaster.s3Secret" -}}
{{- if eq .Values.s3.mode "external" -}}{{ .Values.s3.external.existingSecret }}{{- else -}}{{ include "taskmaster.fullname" . }}-s3{{- end -}}
{{- end -}}

{{/* Whether the prometheus-operator's kinds are rendered. */}}
{{- define "taskmaster.prometheusOperator" -}}
{{- $mode := .Values.monitoring.prometheusOperator -}}
{{- if or (eq $mode "enabled") (and (eq $mode "auto") (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1")) -}}true{{- end -}}
{{- end -}}

{{/*
The restricted Pod Security Standard, for every pod of the chart: (dict "uid" 10001).
*/}}
{{- define "taskmaster.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "taskmaster.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* "HH:MM:SS" of a number of seconds, as the services' TimeSpan settings read it. */}}
{{- define "taskmaster.timespan" -}}
{{- $s := int . -}}
{{- printf "%02d:%02d:%02d" (div $s 3600) (mod (div $s 60) 60) (mod $s 60) -}}
{{- end -}}

{{- define "taskmaster.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{ default (include "taskmaster.fullname" .) .Values.serviceAccount.name }}{{- else -}}{{ default "default" .Values.serviceAccount.name }}{{- end -}}
{{- end -}}

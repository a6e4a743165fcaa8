{{/*
The settings of one service that are not secret, as KEY: "value" lines: its ConfigMap's data, whose
hash is the pods' checksum/config. (dict "root" $ "component" NAME)
*/}}
{{- define "taskmaster.config" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $fullname := include "taskmaster.fullname" $root -}}
TASKMASTER_LISTEN__ADDRESS: "0.0.0.0"
TASKMASTER_LISTEN__HTTPPORT: "8080"
TASKMASTER_LISTEN__GRPCPORT: "8081"
{{- if ne .component "checkpoint" }}
TASKMASTER_RABBITMQ__PREFIX: {{ $v.queuePrefix | quote }}
{{- end }}
{{- if eq .component "scheduler" }}
TASKMASTER_SCHEDULER__ADAPTERS: "cluster"
TASKMASTER_SCHEDULER__STATEDIRECTORY: "/var/lib/taskmaster/scheduler-state"
TASKMASTER_SCHEDULER__DEFAULTCONCURRENCY: {{ $v.scheduler.defaultConcurrency | quote }}
TASKMASTER_SCHEDULER__CHECKPOINTINTERVALSECONDS: {{ $v.scheduler.checkpointIntervalSeconds | quote }}
TASKMASTER_CHECKPOINT__URL: {{ printf "http://%s-checkpoint:8081" $fullname | quote }}
TASKMASTER_DISPATCH__LEASETIMEOUT: {{ $v.scheduler.leaseTimeout | quote }}
TASKMASTER_SCHEDULER__LEASESECONDS: {{ $v.scheduler.leaseSeconds | quote }}
TASKMASTER_SCHEDULER__LEASERENEWSECONDS: {{ $v.scheduler.leaseRenewSeconds | quote }}
{{- else if eq .component "worker" }}
TASKMASTER_WORKER__HOME: "/var/lib/taskmaster/worker"
TASKMASTER_WORKER__DRAINTIMEOUT: {{ include "taskmaster.timespan" $v.worker.drainTimeoutSeconds | quote }}
{{- if gt (int $v.worker.concurrency) 0 }}
TASKMASTER_WORKER__CONCURRENCY: {{ $v.worker.concurrency | quote }}
{{- end }}
{{- else if eq .component "checkpoint" }}
TASKMASTER_S3__URL: {{ ternary $v.s3.external.url (printf "http://%s-minio:9000" $fullname) (eq $v.s3.mode "external") | quote }}
TASKMASTER_S3__BUCKET: {{ $v.s3.bucket | quote }}
TASKMASTER_S3__REGION: {{ $v.s3.region | quote }}
TASKMASTER_S3__KEEP: {{ $v.checkpoint.keep | quote }}
TASKMASTER_S3__CREATEBUCKET: {{ ternary $v.s3.external.createBucket true (eq $v.s3.mode "external") | quote }}
{{- else if eq .component "monitor" }}
TASKMASTER_MONITOR__DATADIRECTORY: "/var/lib/taskmaster/monitor"
TASKMASTER_MONITOR__MAXRUNS: {{ $v.monitor.maxRuns | quote }}
{{- end }}
{{- end -}}

{{/* The secret settings of one service, as env entries read from Secrets. (dict "root" $ "component" NAME) */}}
{{- define "taskmaster.secretEnv" -}}
{{- $root := .root -}}
- name: TASKMASTER_CONTROL__TOKEN
  valueFrom:
    secretKeyRef: {name: {{ include "taskmaster.controlSecret" $root }}, key: {{ $root.Values.control.key }}}
{{- if ne .component "checkpoint" }}
- name: TASKMASTER_RABBITMQ__URI
  valueFrom:
    secretKeyRef: {name: {{ include "taskmaster.rabbitmqSecret" $root }}, key: {{ include "taskmaster.rabbitmqSecretKey" $root }}}
{{- end }}
{{- if ne .component "worker" }}
- name: TASKMASTER_REDIS__ENDPOINT
  valueFrom:
    secretKeyRef: {name: {{ include "taskmaster.redisSecret" $root }}, key: {{ include "taskmaster.redisSecretKey" $root }}}
{{- end }}
{{- if eq .component "checkpoint" }}
- name: TASKMASTER_S3__ACCESSKEY
  valueFrom:
    secretKeyRef: {name: {{ include "taskmaster.s3Secret" $root }}, key: {{ ternary $root.Values.s3.external.accessKeyKey "accessKey" (eq $root.Values.s3.mode "external") }}}
- name: TASKMASTER_S3__SECRETKEY
  valueFrom:
    secretKeyRef: {name: {{ include "taskmaster.s3Secret" $root }}, key: {{ ternary $root.Values.s3.external.secretKeyKey "secretKey" (eq $root.Values.s3.mode "external") }}}
{{- end }}
{{- end -}}

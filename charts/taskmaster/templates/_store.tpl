{{/*
What the three built-in stores share: a headless Service and a single-replica StatefulSet with one
volume claim at DATA, under the restricted Pod Security Standard.
(dict "root" $ "component" NAME "values" .Values.X.builtIn "uid" UID "ports" (list ...) "data" PATH
      "args" (list ...) "env" YAML "mounts" YAML "volumes" YAML "probe" YAML)
*/}}
{{- define "taskmaster.store" -}}
{{- $root := .root -}}
{{- $selector := dict "root" $root "component" .component -}}
{{- $name := printf "%s-%s" (include "taskmaster.fullname" $root) .component -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  labels:
    {{- include "taskmaster.componentLabels" $selector | nindent 4 }}
spec:
  clusterIP: None
  selector:
    {{- include "taskmaster.selectorLabels" $selector | nindent 4 }}
  ports:
    {{- range .ports }}
    - {name: {{ .name }}, port: {{ .port }}, targetPort: {{ .name }}, protocol: TCP}
    {{- end }}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ $name }}
  labels:
    {{- include "taskmaster.componentLabels" $selector | nindent 4 }}
spec:
  replicas: 1
  serviceName: {{ $name }}
  selector:
    matchLabels:
      {{- include "taskmaster.selectorLabels" $selector | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "taskmaster.selectorLabels" $selector | nindent 8 }}
      {{- with .checksum }}
      annotations:
        checksum/config: {{ . }}
      {{- end }}
    spec:
      automountServiceAccountToken: false
      securityContext:
        {{- include "taskmaster.podSecurityContext" (dict "uid" .uid) | nindent 8 }}
      containers:
        - name: {{ .component }}
          image: {{ printf "%s:%s" .values.image.repository .values.image.tag }}
          imagePullPolicy: {{ .values.image.pullPolicy }}
          {{- with .args }}
          args:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          securityContext:
            {{- include "taskmaster.containerSecurityContext" . | nindent 12 }}
          {{- with .env }}
          env:
            {{- . | nindent 12 }}
          {{- end }}
          ports:
            {{- range .ports }}
            - {name: {{ .name }}, containerPort: {{ .port }}, protocol: TCP}
            {{- end }}
          {{- .probes | nindent 10 }}
          resources:
            {{- toYaml .values.resources | nindent 12 }}
          volumeMounts:
            - {name: tmp, mountPath: /tmp}
            - {name: data, mountPath: {{ .data }}}
            {{- with .mounts }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        - {name: tmp, emptyDir: {}}
        {{- with .volumes }}
        {{- . | nindent 8 }}
        {{- end }}
  volumeClaimTemplates:
    - metadata:
        name: data
        labels:
          {{- include "taskmaster.selectorLabels" $selector | nindent 10 }}
      spec:
        accessModes: [ReadWriteOnce]
        {{- with .values.persistence.storageClass }}
        storageClassName: {{ . }}
        {{- end }}
        resources:
          requests:
            storage: {{ .values.persistence.size }}
{{- end -}}

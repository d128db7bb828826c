{{/* The release's base name, at most 63 characters. */}}
{{- define "neurograph.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "neurograph.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ default .Chart.Name .Values.nameOverride }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component: include with (dict "root" $ "component" "api"). */}}
{{- define "neurograph.selectorLabels" -}}
app.kubernetes.io/name: {{ default .root.Chart.Name .root.Values.nameOverride }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "neurograph.image" -}}
{{- printf "%s/%s/%s:%s" .root.Values.image.registry .root.Values.image.repository .component (default .root.Chart.AppVersion .root.Values.image.tag) -}}
{{- end -}}

{{- define "neurograph.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "neurograph.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "neurograph.secretName" -}}
{{- default (printf "%s-secrets" (include "neurograph.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* The variables every server reads from the Secret (docs/configuration.md). */}}
{{- define "neurograph.secretEnv" -}}
{{- $secret := include "neurograph.secretName" . -}}
{{- range $name := list "JWT_SECRET" "ADMIN_PASSWORD" "DATABASE_URL" "REDIS_URL" "METRICS_TOKEN" }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $name }}
{{- end }}
{{- end -}}

{{/* Spread one component's pods over the topology key, then over nodes. */}}
{{- define "neurograph.topologySpread" -}}
{{- if .root.Values.topologySpread.enabled }}
topologySpreadConstraints:
  - maxSkew: {{ .root.Values.topologySpread.maxSkew }}
    topologyKey: {{ .root.Values.topologySpread.topologyKey }}
    whenUnsatisfiable: {{ .root.Values.topologySpread.whenUnsatisfiable }}
    labelSelector:
      matchLabels:
        {{- include "neurograph.selectorLabels" . | nindent 8 }}
  - maxSkew: {{ .root.Values.topologySpread.maxSkew }}
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "neurograph.selectorLabels" . | nindent 8 }}
{{- end }}
{{- end -}}

{{/* Probes on a server's health endpoints (spec 02-api.md). */}}
{{- define "neurograph.serverProbes" -}}
startupProbe:
  httpGet: { path: /api/v1/health/startup, port: http }
  periodSeconds: 5
  failureThreshold: 60
readinessProbe:
  httpGet: { path: /api/v1/health/ready, port: http }
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 2
livenessProbe:
  httpGet: { path: /api/v1/health/live, port: http }
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}

{{/* The migration Job runs as a hook, before the release's resources: a bundled PostgreSQL would not exist yet, so the api migrates on start instead. */}}
{{- define "neurograph.migrationJob" -}}
{{- if and .Values.migrations.enabled (not .Values.postgresql.enabled) -}}true{{- end -}}
{{- end -}}

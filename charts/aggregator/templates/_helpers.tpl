{{/*
Chart name, truncated to the 63 characters a label value allows.
*/}}
{{- define "aggregator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full resource name: <release>-<chart>, or the release name when it already contains the chart name.
*/}}
{{- define "aggregator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version for the helm.sh/chart label.
*/}}
{{- define "aggregator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Standard labels on every resource.
*/}}
{{- define "aggregator.labels" -}}
helm.sh/chart: {{ include "aggregator.chart" . }}
{{ include "aggregator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: server
app.kubernetes.io/part-of: aggregator
{{- end }}

{{/*
Selector labels: stable across upgrades, so never the version.
*/}}
{{- define "aggregator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "aggregator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "aggregator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "aggregator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "aggregator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
"true" when no external Redis is configured: the server runs embedded Garnet
on the /data emptyDir, which only works as a single replica.
*/}}
{{- define "aggregator.embedded" -}}
{{- if and (empty .Values.redis.connectionString) (empty .Values.redis.existingSecret) }}true{{ end }}
{{- end }}

{{/*
The chart's own Secret (signing key and/or Redis connection string).
*/}}
{{- define "aggregator.secretName" -}}
{{- include "aggregator.fullname" . }}
{{- end }}

{{- define "aggregator.signingKeySecretName" -}}
{{- default (include "aggregator.secretName" .) .Values.auth.existingSecret }}
{{- end }}

{{- define "aggregator.signingKeySecretKey" -}}
{{- if .Values.auth.existingSecret }}{{ .Values.auth.existingSecretKey }}{{ else }}signing-key{{ end }}
{{- end }}

{{- define "aggregator.redisSecretName" -}}
{{- default (include "aggregator.secretName" .) .Values.redis.existingSecret }}
{{- end }}

{{- define "aggregator.redisSecretKey" -}}
{{- if .Values.redis.existingSecret }}{{ .Values.redis.existingSecretKey }}{{ else }}redis-connection-string{{ end }}
{{- end }}

{{/*
True when the chart must render its own Secret.
*/}}
{{- define "aggregator.needsSecret" -}}
{{- if or (empty .Values.auth.existingSecret) (and .Values.redis.connectionString (empty .Values.redis.existingSecret)) (and .Values.reminders.webhookUrl (empty .Values.reminders.existingSecret)) }}true{{ end }}
{{- end }}

{{/*
Fixed object name: Weave's own tooling expects `weave-net`, and a cluster runs one pod network.
*/}}
{{- define "weave-net.name" -}}
weave-net
{{- end }}

{{/*
Selector labels. `name: weave-net` is the selector of the upstream manifest, kept so the DaemonSet
matches the pods a manifest install created.
*/}}
{{- define "weave-net.selectorLabels" -}}
name: {{ include "weave-net.name" . }}
{{- end }}

{{- define "weave-net.labels" -}}
{{ include "weave-net.selectorLabels" . }}
app.kubernetes.io/name: weave-net
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}

{{- define "weave-net.image" -}}
{{ printf "%s:%s" .repository .tag }}
{{- end }}

{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "firefly-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects: the release name, unless it already holds the chart name. */}}
{{- define "firefly-operator.fullname" -}}
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

{{- define "firefly-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "firefly-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "firefly-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "firefly-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "firefly-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "firefly-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false: name the ServiceAccount the operator runs as" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The operator's QUARKUS_OPERATOR_SDK_NAMESPACES: the watched namespaces, or every namespace. */}}
{{- define "firefly-operator.watchedNamespaces" -}}
{{- if .Values.watchNamespaces }}
{{- join "," .Values.watchNamespaces }}
{{- else }}
{{- print "JOSDK_ALL_NAMESPACES" }}
{{- end }}
{{- end }}

{{/*
Rules for the FireflyStacks of the watched namespaces: the objects themselves, the template
ConfigMaps the operator reads and the <name>-outputs ConfigMaps it owns, Secrets for
secretKeyRef parameters, and Events.
*/}}
{{- define "firefly-operator.stackRules" -}}
{{- /* Exactly the calls the operator makes; the demo's test holds this list against what it really calls. */}}
- apiGroups: ["firefly.io"]
  resources: ["fireflystacks"]
  # watch through the informer; patch adds and removes the finalizer
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["firefly.io"]
  resources: ["fireflystacks/status"]
  verbs: ["patch"]
- apiGroups: ["firefly.io"]
  resources: ["fireflystacks/finalizers"]
  # the API server asks for it before it accepts blockOwnerDeletion on the outputs ConfigMap
  verbs: ["update"]
- apiGroups: [""]
  resources: ["configmaps"]
  # watched for the ConfigMaps that templates and parameters reference; the outputs ConfigMap is
  # created and updated, and removed by the garbage collector with its FireflyStack
  verbs: ["get", "list", "watch", "create", "update"]
{{- if .Values.rbac.secrets }}
- apiGroups: [""]
  resources: ["secrets"]
  # read, never listed, only for valueFrom.secretKeyRef
  verbs: ["get"]
{{- end }}
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end }}

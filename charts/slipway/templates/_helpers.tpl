{{/* Chart name, overridable. */}}
{{- define "slipway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name: prefixes every object and names the leader Lease, so two releases of the chart (two
shards) never share a Lease or a ClusterRole.
*/}}
{{- define "slipway.fullname" -}}
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

{{/* Chart label value. */}}
{{- define "slipway.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels that select the operator pods (never change them: Deployment selectors are immutable). */}}
{{- define "slipway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "slipway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "slipway.labels" -}}
helm.sh/chart: {{ include "slipway.chart" . }}
{{ include "slipway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: slipway
{{- end }}

{{/* ServiceAccount the pods run as. */}}
{{- define "slipway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "slipway.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Image reference: a digest wins over the tag; the tag defaults to appVersion. */}}
{{- define "slipway.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* "true" when more than one replica runs or election is forced: then a Lease picks the leader. */}}
{{- define "slipway.leaderElection" -}}
{{- if or (gt (int .Values.replicaCount) 1) .Values.leaderElection.enabled }}true{{ end }}
{{- end }}

{{/* The leader Lease's name: per release unless set. */}}
{{- define "slipway.leaseName" -}}
{{- default (include "slipway.fullname" .) .Values.leaderElection.leaseName }}
{{- end }}

{{/*
Namespaces where Secrets may be read, as a list: rbac.secrets.namespaces, else the watched
namespaces (empty in a cluster-wide install, meaning the ClusterRole grants it).
*/}}
{{- define "slipway.secretNamespaces" -}}
{{- if .Values.rbac.secrets.namespaces }}
{{- toJson .Values.rbac.secrets.namespaces }}
{{- else }}
{{- toJson .Values.watchNamespaces }}
{{- end }}
{{- end }}

{{/*
What the operator does with the Kubernetes API (found in operator/src/main/java; RealApiRbacIT runs
it with these rules against a real kube-apiserver and fails on any refusal):
- JOSDK watches the three kinds and, with server-side apply off, adds/removes the slipway.dev/finalizer
  and writes status with patches (never a PUT, never a read of the status subresource).
- Environments create, update (a new template or image), list and delete their child
  ServiceReleases, and delete their branch environments when a shared one goes away; abandoning
  annotates with a patch. Nothing creates or PUTs StagingEnvironments.
- Child ServiceReleases carry an owner reference to their StagingEnvironment with
  blockOwnerDeletion, which needs update on stagingenvironments/finalizers where the
  OwnerReferencesPermissionEnforcement admission plugin runs (OpenShift; the test control plane).
  Nothing is owned by a ServiceRelease.
- ScheduledTasks read the ServiceRelease they reference; nothing creates or PUTs them.
- status.EventRecorder creates core/v1 Events (it never reads or patches them).
JOSDK does not read CRDs (checkCRDAndValidateLocalModel is off), so there is no CRD rule.
*/}}
{{- define "slipway.operatorRules" -}}
- apiGroups: ["slipway.dev"]
  resources: ["servicereleases"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["slipway.dev"]
  resources: ["stagingenvironments"]
  verbs: ["get", "list", "watch", "patch", "delete"]
- apiGroups: ["slipway.dev"]
  resources: ["scheduledtasks"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["slipway.dev"]
  resources: ["servicereleases/status", "stagingenvironments/status", "scheduledtasks/status"]
  verbs: ["patch"]
- apiGroups: ["slipway.dev"]
  resources: ["stagingenvironments/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end }}

{{/* Datastore admin credentials (adminSecretRef) and notifier credentials (spec.notifications): read
by name only, never listed or watched. */}}
{{- define "slipway.secretRules" -}}
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
{{- end }}

{{/* The price table as YAML text: given as text (--set-file) or as a map in values. */}}
{{- define "slipway.priceTable" -}}
{{- if kindIs "string" .Values.costs.priceTable }}
{{- .Values.costs.priceTable }}
{{- else }}
{{- toYaml .Values.costs.priceTable }}
{{- end }}
{{- end }}

{{/*
The StagingEnvironment's name: .Values.name, or <namePrefix>-<slug>-<hash>. The slug is the
branch in lower case with every run of other characters turned into one "-", shortened so the
whole name fits a DNS label (63); the hash is never cut, so names stay unique per branch.
*/}}
{{- define "branch-environment.slugify" -}}
{{- regexReplaceAll "[^a-z0-9]+" (lower .) "-" | trimAll "-" -}}
{{- end -}}

{{- define "branch-environment.name" -}}
{{- if .Values.name -}}
{{- include "branch-environment.slugify" .Values.name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $branch := required "branch is required" .Values.branch -}}
{{- $hash := sha256sum $branch | trunc 8 -}}
{{- $prefix := include "branch-environment.slugify" .Values.namePrefix | trunc 20 | trimSuffix "-" -}}
{{- $room := sub 61 (add (len $prefix) (len $hash)) | int -}}
{{- $slug := include "branch-environment.slugify" $branch | trunc $room | trimSuffix "-" -}}
{{- join "-" (list $prefix $slug $hash | compact) -}}
{{- end -}}
{{- end -}}

"""ops.k8s (repository scope): reads repository files the same way whatever the stack, so cases vary the files, not the stack."""

import pytest

from tests.checks.helpers import FAIL, NA, PARTIAL, PASS, check_case, ids

GOOD = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: api
          image: registry.example/api:1.4.2
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
          readinessProbe:
            httpGet: {path: /readyz, port: 8080}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
"""
BAD = """apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: api
          image: registry.example/api:latest
"""
HELM = """apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          livenessProbe:
            {{- toYaml .Values.livenessProbe | nindent 12 }}
          readinessProbe:
            {{- toYaml .Values.readinessProbe | nindent 12 }}
          resources:
            requests: {{ .Values.requests }}
            limits: {{ .Values.limits }}
          securityContext:
            runAsNonRoot: true
"""
CASES = [
    ("good", "gin", {"k8s/deployment.yaml": GOOD}, PASS, ["k8s/deployment.yaml"]),
    ("helm-template", "fastapi", {"chart/templates/deployment.yaml": HELM}, PASS, ["chart/templates/deployment.yaml"]),
    ("bad", "express", {"k8s/deployment.yaml": BAD}, FAIL, ["k8s/deployment.yaml:7", "k8s/deployment.yaml:7", "k8s/deployment.yaml:7", "k8s/deployment.yaml:7"]),
    ("half", "spring", {"k8s/deployment.yaml": GOOD.replace("runAsNonRoot: true", "fsGroup: 2000").replace(":1.4.2", ":latest")}, PARTIAL, ["k8s/deployment.yaml:11", "k8s/deployment.yaml:11"]),
    ("no-manifests", "flask", {}, NA, None),
    ("trap-test-manifest", "flask", {"tests/fixtures/deploy.yaml": BAD}, NA, None),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_k8s(make_repo, name, base, files, status, where):
    run = check_case(make_repo, "ops.k8s", base, files, status, where)
    if name == "bad":
        assert sorted(e.note.split(":")[0] for e in run.repo.outcome.evidence) == ["non-root", "pinned-image", "probes", "resources"]

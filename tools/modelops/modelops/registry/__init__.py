"""Kubeflow Model Registry (REST v1alpha3) client and the register/publish commands."""

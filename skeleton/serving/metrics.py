"""Prometheus metrics of the service, in a registry of their own (one per app instance)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class ServiceMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("model_requests", "Prediction requests by outcome", ["status"], registry=self.registry)
        self.latency = Histogram(
            "model_request_latency_seconds",
            "Time to answer a prediction request",
            buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
            registry=self.registry,
        )
        self.batch_size = Histogram(
            "model_batch_size", "Instances per request", buckets=(1, 2, 5, 10, 25, 50, 100, 250), registry=self.registry
        )
        self.predictions = Counter("model_predictions", "Predictions by class", ["label"], registry=self.registry)
        self.probability = Histogram(
            "model_prediction_probability",
            "Predicted probability of class 1",
            buckets=tuple(i / 10 for i in range(1, 11)),
            registry=self.registry,
        )
        self.drift = Gauge("model_feature_drift_psi", "PSI of recent inputs against the training data", ["feature"], registry=self.registry)
        self.loaded = Gauge("model_loaded", "1 when a model is loaded", registry=self.registry)
        self.info = Gauge("model_version_info", "The version being served", ["version"], registry=self.registry)
        self.reloads = Counter("model_reloads", "Model reloads by outcome", ["outcome"], registry=self.registry)

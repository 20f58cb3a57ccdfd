"""The HTTP service: contract validation, pre/post-processing, health, readiness and metrics.

    uvicorn serving.app:app --host 0.0.0.0 --port 8080     (or: python -m serving)

POST /predict   {"instances": [{...}, ...]}  ->  {"predictions": [...], "model_version": ...}
GET  /healthz   liveness: the process answers
GET  /readyz    readiness: 200 only once a model is loaded (and the model server is up)
GET  /metrics   Prometheus metrics
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import time
from collections import deque
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import ValidationError

from common import __version__
from common.drift import feature_psi
from common.postprocessing import to_predictions
from common.preprocessing import to_frame
from common.registry import Registry
from common.schema import PredictRequest, PredictResponse
from serving.backends import BackendUnavailable, create_backend
from serving.config import ServiceConfig
from serving.metrics import ServiceMetrics

log = logging.getLogger("serving")


def _error(status: int, loc: list[Any], msg: str, kind: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": [{"loc": loc, "msg": msg, "type": kind}]})


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a valid JSON number")


def create_app(config: ServiceConfig | None = None, registry: Registry | None = None, **backend_options: Any) -> FastAPI:
    config = config or ServiceConfig()
    metrics = ServiceMetrics()
    recent: deque[dict[str, Any]] = deque(maxlen=config.drift_window)

    def on_change(loaded) -> None:
        metrics.loaded.set(1)
        metrics.info.clear()
        metrics.info.labels(version=loaded.version).set(1)
        metrics.reloads.labels(outcome="loaded").inc()
        recent.clear()

    def on_error(error: Exception) -> None:
        metrics.reloads.labels(outcome="failed").inc()

    backend = create_backend(config, registry, on_change=on_change, on_error=on_error, **backend_options)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        await backend.start()
        watcher = asyncio.create_task(backend.holder.watch(config.reload_seconds)) if config.reload_seconds > 0 else None
        try:
            yield
        finally:
            # uvicorn has stopped accepting connections and drained in-flight requests by now.
            if watcher is not None:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher
            await backend.stop()
            log.info("shut down cleanly")

    app = FastAPI(title=f"{config.model_name} model service", version=__version__, lifespan=lifespan)
    app.state.backend = backend
    app.state.metrics = metrics
    app.state.config = config

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz() -> JSONResponse:
        ready = await backend.check()
        if backend.current is None:
            # No champion when the service started: look again (cheap) so readiness follows the registry.
            await backend.holder.refresh()
            ready = await backend.check()
        loaded = backend.current
        body = {"ready": ready, "model_version": loaded.version if loaded else None}
        return JSONResponse(status_code=200 if ready else 503, content=body)

    @app.get("/metrics")
    async def prometheus_metrics() -> Response:
        loaded = backend.current
        if loaded is not None and loaded.reference and len(recent) >= config.drift_min_rows:
            for feature, value in feature_psi(loaded.reference, to_frame(list(recent))).items():
                metrics.drift.labels(feature=feature).set(value)
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    @app.post(
        "/predict",
        response_model=PredictResponse,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PredictRequest"}}},
            }
        },
    )
    async def predict(request: Request) -> Any:
        started = time.perf_counter()
        status = "ok"
        try:
            response = await _predict(request)
            if response.status_code != 200:
                status = str(response.status_code)
            return response
        except Exception:
            status = "500"
            raise
        finally:
            metrics.requests.labels(status=status).inc()
            metrics.latency.observe(time.perf_counter() - started)

    async def _predict(request: Request) -> Any:
        body = await request.body()
        if len(body) > config.max_body_bytes:
            return _error(413, ["body"], f"request body exceeds MAX_BODY_BYTES={config.max_body_bytes}", "too_large")
        try:
            data = json.loads(body, parse_constant=_reject_constant)
        except ValueError as error:  # includes NaN / Infinity, which JSON does not have
            return _error(422, ["body"], f"invalid JSON: {error}", "json_invalid")
        instances = data.get("instances") if isinstance(data, dict) else None
        if isinstance(instances, list) and len(instances) > config.max_batch_size:
            return _error(
                413,
                ["body", "instances"],
                f"batch of {len(instances)} exceeds MAX_BATCH_SIZE={config.max_batch_size}",
                "too_large",
            )
        try:
            parsed = PredictRequest.model_validate(data)
        except ValidationError as error:
            details = [
                {"loc": ["body", *error_item["loc"]], "msg": error_item["msg"], "type": error_item["type"]}
                for error_item in error.errors(include_url=False, include_context=False, include_input=False)
            ]
            return JSONResponse(status_code=422, content={"detail": details})
        loaded = backend.current
        rows = [instance.model_dump() for instance in parsed.instances]
        frame = to_frame(rows)
        try:
            probabilities = await backend.predict_proba(frame)
            predictions = to_predictions(probabilities)
        except BackendUnavailable as error:
            return _error(503, [], str(error), "unavailable")
        except ValueError as error:
            log.warning("model returned an unusable answer: %s", error)
            return _error(502, [], str(error), "bad_model_output")
        metrics.batch_size.observe(len(predictions))
        for prediction in predictions:
            metrics.predictions.labels(label=str(prediction.label)).inc()
            if math.isfinite(prediction.probability):
                metrics.probability.observe(prediction.probability)
        recent.extend(rows)
        answer = PredictResponse(predictions=predictions, model_name=config.model_name, model_version=loaded.version if loaded else None)
        # Built from validated parts: serialised once here rather than re-validated by FastAPI's
        # response_model (which stays declared for the OpenAPI document).
        return Response(answer.model_dump_json(), media_type="application/json")

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
            request_schema = PredictRequest.model_json_schema(ref_template="#/components/schemas/{model}")
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.update(request_schema.pop("$defs", {}))
            components["PredictRequest"] = request_schema
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def __getattr__(name: str) -> Any:
    # `uvicorn serving.app:app` builds the app on first access, so importing this module
    # (tests, tools) reads no environment and opens no registry.
    if name == "app":
        globals()["app"] = create_app()
        return globals()["app"]
    raise AttributeError(name)

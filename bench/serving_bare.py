"""The bare endpoint of the serving bench (bench/serving.sh): the smallest ASGI app that answers
the same POST /predict as the generated service with the same trained model, and nothing else:
no validation, no metrics, no pre-built response models.

    PYTHONPATH=<generated project> uvicorn serving_bare:app --app-dir bench

It loads the model the generated service would serve (MODEL_DIR, or the registry's champion,
located with the service's own `serving.artifacts.locate`), reads {"instances": [...]}, calls
`Model.predict_proba` directly in the event loop and answers {"predictions": [{label, probability}]}.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route

from common.model import Model
from common.schema import FEATURE_NAMES
from serving.artifacts import locate

_found = locate(Path(os.environ["MODEL_DIR"]) if os.environ.get("MODEL_DIR") else None, None)
if _found is None:
    raise SystemExit("serving_bare: no model to serve (train and promote one, or set MODEL_DIR)")
MODEL = Model.load(_found[0])
VERSION = _found[1]
COLUMNS = list(FEATURE_NAMES)


async def predict(request: Request) -> JSONResponse:
    instances = json.loads(await request.body())["instances"]
    probabilities = MODEL.predict_proba(pd.DataFrame(instances, columns=COLUMNS))
    return JSONResponse(
        {
            "predictions": [{"label": int(p >= 0.5), "probability": float(p)} for p in probabilities],
            "model_version": VERSION,
        }
    )


async def readyz(request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


app = Starlette(routes=[Route("/predict", predict, methods=["POST"]), Route("/readyz", readyz)])

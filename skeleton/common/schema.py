"""The input/output contract of the model: the one definition training and serving share.

Training validates every row of its dataset against `Features` (vectorised, see
`feature_specs`), and the service validates every request against the same class, so the two
cannot drift apart. To change the features, change this file and retrain.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

Contract = Literal["month-to-month", "one-year", "two-year"]

#: Name of the label column in the training data.
TARGET = "churned"
#: Names of the two classes, index = label.
CLASS_NAMES = ("stays", "churns")


class Features(BaseModel, extra="forbid"):
    """One example the model scores. Ranges are enforced in training and serving alike."""

    # strict: "12" or 12.5 is refused for an int, true for a number; NaN and infinity are refused.
    tenure_months: int = Field(ge=0, le=600, strict=True, description="Months since sign-up")
    monthly_charges: float = Field(ge=0, le=10_000, strict=True, allow_inf_nan=False, description="Current monthly bill")
    support_calls: int = Field(ge=0, le=1_000, strict=True, description="Support calls, last 90 days")
    contract: Contract = Field(description="Contract type")
    senior: bool = Field(strict=True, description="Customer is 65 or older")


class Prediction(BaseModel):
    """What the model answers for one example."""

    label: int = Field(description="Predicted class, 0 or 1")
    label_name: str = Field(description="Name of the predicted class")
    probability: float = Field(ge=0, le=1, description="Probability of class 1")


class PredictRequest(BaseModel, extra="forbid"):
    """A batch of examples; a single prediction is a batch of one."""

    instances: list[Features] = Field(min_length=1)


class PredictResponse(BaseModel):
    predictions: list[Prediction]
    model_name: str
    model_version: str | None = None


@dataclass(frozen=True)
class FeatureSpec:
    name: str
    kind: str  # "numeric", "integer", "boolean" or "categorical"
    minimum: float | None = None
    maximum: float | None = None
    categories: tuple[str, ...] = ()


def feature_specs() -> list[FeatureSpec]:
    """The features of `Features`, in order, with the ranges and categories declared there."""
    specs = []
    for name, field in Features.model_fields.items():
        annotation = field.annotation
        minimum = maximum = None
        for item in field.metadata:
            minimum = getattr(item, "ge", minimum)
            maximum = getattr(item, "le", maximum)
        if typing.get_origin(annotation) is Literal:
            specs.append(FeatureSpec(name, "categorical", categories=tuple(typing.get_args(annotation))))
        elif annotation is bool:
            specs.append(FeatureSpec(name, "boolean", 0, 1))
        elif annotation is int:
            specs.append(FeatureSpec(name, "integer", minimum, maximum))
        else:
            specs.append(FeatureSpec(name, "numeric", minimum, maximum))
    return specs


FEATURE_NAMES = tuple(Features.model_fields)

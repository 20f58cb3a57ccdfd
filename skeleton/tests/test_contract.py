import math

import pytest
from pydantic import ValidationError

from common.schema import FEATURE_NAMES, Features, PredictRequest, feature_specs


def test_valid_instance(instance):
    assert Features(**instance).tenure_months == 3


@pytest.mark.parametrize(
    "field,value",
    [
        ("tenure_months", "3"),  # strings are not numbers
        ("tenure_months", 2.5),  # not an integer
        ("tenure_months", -1),  # below the range
        ("monthly_charges", math.nan),
        ("monthly_charges", math.inf),
        ("contract", "weekly"),  # unknown category
        ("senior", "yes"),
    ],
)
def test_bad_values_are_refused_naming_the_field(instance, field, value):
    with pytest.raises(ValidationError) as error:
        Features(**{**instance, field: value})
    assert error.value.errors()[0]["loc"][0] == field


def test_missing_and_unknown_fields_are_refused(instance):
    with pytest.raises(ValidationError):
        Features(**{k: v for k, v in instance.items() if k != "contract"})
    with pytest.raises(ValidationError):
        Features(**instance, surprise=1)


def test_batch_needs_at_least_one_instance():
    with pytest.raises(ValidationError):
        PredictRequest(instances=[])


def test_specs_follow_the_schema():
    specs = {spec.name: spec for spec in feature_specs()}
    assert tuple(specs) == FEATURE_NAMES
    assert specs["contract"].kind == "categorical" and "one-year" in specs["contract"].categories
    assert specs["tenure_months"].minimum == 0 and specs["tenure_months"].maximum == 600

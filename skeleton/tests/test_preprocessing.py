import numpy as np
import pandas as pd
import pytest

from common.postprocessing import to_predictions
from common.preprocessing import Preprocessor, to_frame
from tests.conftest import features


def test_transform_shape_and_scaling(sample):
    pre = Preprocessor().fit(features(sample))
    x = pre.transform(features(sample))
    assert x.shape == (len(sample), len(pre.output_names))
    assert x.dtype == np.float32
    assert abs(float(x[:, pre.output_names.index("tenure_months")].mean())) < 1e-4


def test_round_trip_through_json(sample, tmp_path):
    pre = Preprocessor().fit(features(sample))
    pre.save(tmp_path / "pre.json")
    again = Preprocessor.load(tmp_path / "pre.json")
    np.testing.assert_allclose(pre.transform(features(sample)), again.transform(features(sample)))


def test_constant_column_and_empty_frame(instance):
    frame = to_frame([instance] * 5)  # every column constant
    pre = Preprocessor().fit(frame)
    assert np.isfinite(pre.transform(frame)).all()
    assert pre.transform(frame.iloc[0:0]).shape == (0, len(pre.output_names))


def test_unknown_category_encodes_as_zeros(instance):
    pre = Preprocessor().fit(to_frame([instance]))
    x = pre.transform(to_frame([{**instance, "contract": "lifetime"}]))
    assert [x[0, i] for i, n in enumerate(pre.output_names) if n.startswith("contract=")] == [0, 0, 0]


def test_missing_values_and_columns_are_errors(instance):
    pre = Preprocessor().fit(to_frame([instance]))
    with pytest.raises(ValueError, match="monthly_charges"):
        pre.transform(to_frame([{**instance, "monthly_charges": None}]))
    with pytest.raises(ValueError, match="missing feature columns"):
        pre.transform(pd.DataFrame([{"tenure_months": 1}]))
    with pytest.raises(ValueError):
        Preprocessor().fit(to_frame([]))


def test_postprocessing():
    predictions = to_predictions([0.1, 0.5, 0.97, 1.2])
    assert [p.label for p in predictions] == [0, 1, 1, 1]
    assert predictions[3].probability == 1.0 and predictions[2].label_name == "churns"
    with pytest.raises(ValueError):
        to_predictions([float("nan")])

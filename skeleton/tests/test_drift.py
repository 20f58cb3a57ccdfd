from common.drift import build_reference, feature_psi
from tests.conftest import features


def test_same_data_has_no_drift_and_shifted_data_has(sample):
    reference = build_reference(features(sample))
    assert max(feature_psi(reference, features(sample)).values()) < 0.01
    shifted = features(sample).assign(monthly_charges=features(sample).monthly_charges * 3, contract="two-year")
    scores = feature_psi(reference, shifted)
    assert scores["monthly_charges"] > 0.25 and scores["contract"] > 0.25
    assert scores["tenure_months"] < 0.01
    assert feature_psi(reference, features(sample).iloc[0:0]) == {}

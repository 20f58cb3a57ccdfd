"""Object storage (common/storage.py) against botocore's Stubber, which checks every call's
parameters against the real S3 service model, and answers as S3 would."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY, Stubber

from common import settings, storage
from common.registry import LocalRegistry
from serving.artifacts import locate
from training import train as train_module
from training.evaluate import artifact_check, last_trained
from training.release import main as release

ENV = {
    "AWS_S3_ENDPOINT": "https://s3.storage.test",
    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "not-a-real-secret",
    "AWS_DEFAULT_REGION": "eu-west-1",
}
BUCKET = "ml-artifacts"
URI = f"s3://{BUCKET}/models/churn/0.1.0+1"
PREFIX = "models/churn/0.1.0+1"


@pytest.fixture
def s3():
    client = storage.client_from_env(ENV)
    with Stubber(client) as stub:
        yield client, stub
        stub.assert_no_pending_responses()


def expect_download(stub: Stubber, files: dict[str, bytes], prefix: str = PREFIX, fail: str | None = None) -> None:
    """Queues what S3 answers to listing `prefix/` and downloading each file."""
    contents = [{"Key": f"{prefix}/{name}", "Size": len(body), "ETag": f'"etag-{i}"'} for i, (name, body) in enumerate(files.items())]
    stub.add_response(
        "list_objects_v2",
        {"Contents": contents, "IsTruncated": False, "KeyCount": len(contents), "Name": BUCKET, "Prefix": f"{prefix}/"},
        {"Bucket": BUCKET, "Prefix": f"{prefix}/"},
    )
    for i, (name, body) in enumerate(files.items()):
        key = f"{prefix}/{name}"
        if name == fail:
            expected = {"Bucket": BUCKET, "Key": key, "Range": ANY}
            stub.add_client_error("get_object", "NoSuchKey", "The specified key does not exist.", 404, expected_params=expected)
            return
        # boto3's managed download asks for a first range and learns the size from Content-Range.
        stub.add_response(
            "get_object",
            {
                "Body": StreamingBody(io.BytesIO(body), len(body)),
                "ContentLength": len(body),
                "ContentRange": f"bytes 0-{len(body) - 1}/{len(body)}",
                "ETag": f'"etag-{i}"',
            },
            {"Bucket": BUCKET, "Key": key, "Range": ANY},
        )


def model_files(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_missing_variables_are_named_together():
    with pytest.raises(storage.StorageConfigError, match="set AWS_S3_ENDPOINT, AWS_SECRET_ACCESS_KEY"):
        storage.client_from_env({"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE"})
    with pytest.raises(storage.StorageConfigError, match="AWS_S3_ENDPOINT must be an https:// URL"):
        storage.client_from_env({**ENV, "AWS_S3_ENDPOINT": "s3.storage.test:443"})


def test_client_uses_the_endpoint_region_and_path_style():
    client = storage.client_from_env(ENV)
    assert client.meta.endpoint_url == "https://s3.storage.test"
    assert client.meta.region_name == "eu-west-1"
    assert client.meta.config.s3["addressing_style"] == "path"
    assert client._request_signer._credentials.access_key == "AKIDEXAMPLE"


def test_an_s3_uri_without_configuration_says_what_to_set(tmp_path, monkeypatch):
    for name in storage.REQUIRED_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(storage.StorageConfigError, match="AWS_S3_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY"):
        storage.local_dir(URI, tmp_path / "cache")
    assert not any((tmp_path / "cache").iterdir())  # no half-made copy


def test_upload_puts_every_file_and_model_json_last(trained, s3):
    client, stub = s3
    names = sorted(model_files(trained["model_dir"]), key=lambda name: (name == "model.json", name))
    for name in names:
        stub.add_response("put_object", {"ETag": '"etag"'}, {"Bucket": BUCKET, "Key": f"{PREFIX}/{name}", "Body": ANY})
    keys = storage.upload_dir(trained["model_dir"], URI, client)
    assert keys == [f"{PREFIX}/{name}" for name in names]
    assert keys[-1] == f"{PREFIX}/model.json" and len(keys) >= 4


def test_upload_failure_names_the_object(trained, s3):
    client, stub = s3
    stub.add_client_error("put_object", "AccessDenied", "Access Denied", 403)
    with pytest.raises(storage.StorageError, match=re.escape(f"s3://{BUCKET}/{PREFIX}/")):
        storage.upload_dir(trained["model_dir"], URI, client)


def test_download_once_per_version_into_the_cache(tmp_path, s3):
    client, stub = s3
    files = {"model.json": b'{"framework": "x"}', "nested/weights.bin": bytes(range(256)) * 10}
    expect_download(stub, files)
    first = storage.download_dir(URI, tmp_path / "cache", client)
    assert model_files(first) == files
    # A second call reads nothing from S3 (the Stubber would refuse an unexpected call).
    assert storage.download_dir(URI, tmp_path / "cache", client) == first
    assert storage.local_dir(URI, tmp_path / "cache", client) == first
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [first.name]


def test_a_failed_download_leaves_nothing_behind_and_the_next_one_starts_over(tmp_path, s3):
    client, stub = s3
    files = {"a.json": b"{}", "model.json": b"{}"}
    expect_download(stub, files, fail="model.json")
    with pytest.raises(storage.StorageError, match=re.escape(URI)):
        storage.download_dir(URI, tmp_path / "cache", client)
    assert list((tmp_path / "cache").iterdir()) == []
    expect_download(stub, files)
    assert model_files(storage.download_dir(URI, tmp_path / "cache", client)) == files


def test_nothing_stored_is_its_own_error(tmp_path, s3):
    client, stub = s3
    stub.add_response("list_objects_v2", {"IsTruncated": False, "KeyCount": 0}, {"Bucket": BUCKET, "Prefix": f"{PREFIX}/"})
    with pytest.raises(storage.NoSuchArtifact, match=re.escape(f"no files at {URI}")):
        storage.download_dir(URI, tmp_path / "cache", client)


def test_a_key_that_would_leave_the_folder_is_refused(tmp_path, s3):
    client, stub = s3
    stub.add_response(
        "list_objects_v2",
        {"Contents": [{"Key": f"{PREFIX}/../../../escape.txt", "Size": 1}], "IsTruncated": False},
        {"Bucket": BUCKET, "Prefix": f"{PREFIX}/"},
    )
    with pytest.raises(storage.StorageError, match="would leave the model directory"):
        storage.download_dir(URI, tmp_path / "cache", client)
    assert not list(tmp_path.rglob("escape.txt"))


def test_local_uris_stay_local_and_other_schemes_are_refused(tmp_path):
    assert storage.local_dir(tmp_path.as_uri(), tmp_path / "cache") == tmp_path
    with pytest.raises(storage.UnsupportedArtifactURI, match="only file:// and s3://"):
        storage.local_dir("oci://quay.io/acme/churn:1", tmp_path / "cache")
    with pytest.raises(ValueError, match="key prefix"):
        storage.parse_s3_uri("s3://bucket-only")


def test_training_uploads_then_registers_the_s3_uri_and_serving_loads_it(trained, tmp_path, monkeypatch, s3):
    """train -> registry records s3:// -> serving's locate() and the evaluation gate download and load it."""
    client, stub = s3
    monkeypatch.setattr(storage, "client_from_env", lambda environ=None: client)
    monkeypatch.setenv("MODEL_ARTIFACT_BASE_URI", f"s3://{BUCKET}/models")
    monkeypatch.setenv("MODEL_BUILD_ID", "s3")
    monkeypatch.setattr(settings, "REGISTRY_KIND", "local")
    monkeypatch.setattr(settings, "LOCAL_REGISTRY_DIR", tmp_path / "registry")
    monkeypatch.setattr(settings, "MODEL_CACHE_DIR", tmp_path / "cache")
    version = train_module.version_name("s3")
    prefix = f"models/{settings.MODEL_NAME}/{version}"
    # The training run saves the same files as the session's model (same data, same seed).
    files = model_files(trained["model_dir"])
    for name in sorted(files, key=lambda name: (name == "model.json", name)):
        stub.add_response("put_object", {"ETag": '"etag"'}, {"Bucket": BUCKET, "Key": f"{prefix}/{name}", "Body": ANY})
    # Then the hand-off to the evaluation step, which runs in another pod.
    pointer = {"Bucket": BUCKET, "Key": f"models/{settings.MODEL_NAME}/candidate.json", "Body": ANY, "ContentType": "application/json"}
    stub.add_response("put_object", {"ETag": '"etag"'}, pointer)
    assert train_module.main(["--artifacts", str(tmp_path / "out")]) == 0
    candidate = json.loads((tmp_path / "out" / "candidate.json").read_text())
    assert candidate["artifact_uri"] == f"s3://{BUCKET}/{prefix}"
    # An evaluation pod without training's ARTIFACTS_DIR reads the candidate's name from storage.
    body = json.dumps(candidate).encode()
    stub.add_response(
        "get_object",
        {"Body": StreamingBody(io.BytesIO(body), len(body)), "ContentLength": len(body)},
        {"Bucket": BUCKET, "Key": f"models/{settings.MODEL_NAME}/candidate.json"},
    )
    assert last_trained(tmp_path / "evaluation-pod") == version
    stub.add_client_error("get_object", "NoSuchKey", "The specified key does not exist.", 404)
    assert last_trained(tmp_path / "evaluation-pod") is None

    registry = LocalRegistry(tmp_path / "registry", settings.MODEL_NAME)
    registry.set_champion(version)
    expect_download(stub, files, prefix=prefix)
    path, served = locate(None, registry)
    assert served == version and path.parent == tmp_path / "cache"
    assert (path / "model.json").exists()
    # The evaluation gate loads the same version from the cache, without another download.
    check = artifact_check(candidate["artifact_uri"])
    assert check.passed, check.detail


def test_evaluation_blocks_a_candidate_whose_files_are_missing(tmp_path, monkeypatch, s3):
    client, stub = s3
    monkeypatch.setattr(storage, "client_from_env", lambda environ=None: client)
    monkeypatch.setattr(settings, "MODEL_CACHE_DIR", tmp_path / "cache")
    stub.add_response("list_objects_v2", {"IsTruncated": False, "KeyCount": 0}, {"Bucket": BUCKET, "Prefix": f"{PREFIX}/"})
    assert not artifact_check(URI).passed
    missing = artifact_check((tmp_path / "elsewhere").as_uri())
    assert not missing.passed and "does not load" in missing.detail


def test_release_verifies_the_champions_files_when_asked(trained, tmp_path, monkeypatch, capsys, s3):
    client, stub = s3
    monkeypatch.setattr(storage, "client_from_env", lambda environ=None: client)
    monkeypatch.setattr(settings, "REGISTRY_KIND", "local")
    monkeypatch.setattr(settings, "LOCAL_REGISTRY_DIR", tmp_path / "registry")
    monkeypatch.setattr(settings, "MODEL_CACHE_DIR", tmp_path / "cache")
    registry = LocalRegistry(tmp_path / "registry", settings.MODEL_NAME, artifact_base_uri=f"s3://{BUCKET}/models")
    registry.register("0.1.0+1", trained["model_dir"], trained["metrics"], {})
    registry.set_champion("0.1.0+1")
    prefix = f"models/{settings.MODEL_NAME}/0.1.0+1"
    # Without the flag nothing is read from storage; with it, files that are not there stop the release.
    assert release([]) == 0
    stub.add_response("list_objects_v2", {"IsTruncated": False, "KeyCount": 0}, {"Bucket": BUCKET, "Prefix": f"{prefix}/"})
    assert release(["--verify-artifact"]) == 1
    assert f"s3://{BUCKET}/{prefix}" in capsys.readouterr().err
    expect_download(stub, model_files(trained["model_dir"]), prefix=prefix)
    assert release(["--verify-artifact"]) == 0

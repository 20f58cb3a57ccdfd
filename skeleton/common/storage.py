"""Model files in S3-compatible object storage: training uploads a version, everything else
downloads it once into a local cache.

A model version lives at `s3://<bucket>/models/<model>/<version>/` (MODEL_ARTIFACT_BASE_URI is
`s3://<bucket>/models`), on the object storage OpenShift AI's pipeline server uses. The
connection comes from the environment, under the keys of an OpenShift AI data connection:

    AWS_S3_ENDPOINT        https://host[:port] of the storage
    AWS_ACCESS_KEY_ID      \
    AWS_SECRET_ACCESS_KEY  / from a Secret, never from a file in the repository
    AWS_DEFAULT_REGION     default us-east-1
    MODEL_CACHE_DIR        where downloaded versions are kept (default <temp dir>/model-cache)

AWS_CA_BUNDLE (a CA file for a storage endpoint with a private CA) is read by botocore itself.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlparse

import boto3
from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

log = logging.getLogger("common.storage")

#: Uploaded last, so that a listing holding it belongs to a finished upload.
LAST_FILE = "model.json"
REQUIRED_VARIABLES = ("AWS_S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")


class StorageError(RuntimeError):
    """Object storage could not be read or written (the message names the URI)."""


class StorageConfigError(StorageError):
    """The environment does not say how to reach the object storage (the message names the variables)."""


class NoSuchArtifact(StorageError):
    """Nothing is stored at the URI."""


class UnsupportedArtifactURI(ValueError):
    """An artifact URI this project cannot read (neither a local directory nor s3://)."""


def is_s3(uri: str) -> bool:
    return urlparse(uri).scheme == "s3"


def parse_s3_uri(uri: str) -> tuple[str, str]:
    """(bucket, key prefix without a trailing slash) of `s3://bucket/prefix`."""
    parsed = urlparse(uri)
    if parsed.scheme != "s3" or not parsed.netloc:
        raise ValueError(f"{uri!r} is not an s3://<bucket>/<prefix> URI")
    prefix = parsed.path.strip("/")
    if not prefix or any(part in ("", ".", "..") for part in prefix.split("/")):
        raise ValueError(f"{uri!r} needs a key prefix of plain path segments after the bucket")
    return parsed.netloc, prefix


def client_from_env(environ: Mapping[str, str] | None = None) -> Any:
    """An S3 client for the storage the environment names; StorageConfigError when it names none."""
    env = os.environ if environ is None else environ
    missing = [name for name in REQUIRED_VARIABLES if not env.get(name)]
    if missing:
        raise StorageConfigError(
            f"object storage is not configured: set {', '.join(missing)} "
            "(the keys of an OpenShift AI data connection; AWS_S3_ENDPOINT is https://host[:port])"
        )
    endpoint = env["AWS_S3_ENDPOINT"]
    if urlparse(endpoint).scheme not in ("https", "http") or not urlparse(endpoint).netloc:
        raise StorageConfigError(f"AWS_S3_ENDPOINT must be an https:// URL (host and optional port), got {endpoint!r}")
    config = Config(
        # S3-compatible stores (OpenShift Data Foundation, MinIO) serve buckets under the path;
        # virtual-host style would need a DNS name per bucket.
        s3={"addressing_style": "path"},
        retries={"mode": "standard", "max_attempts": 5},
        connect_timeout=10,
        read_timeout=120,
        # botocore >= 1.36 adds CRC checksums (and, over HTTPS, an aws-chunked body) to every
        # upload; several S3-compatible stores refuse that. Only when the API requires one,
        # unless the environment says otherwise (botocore's own variables).
        request_checksum_calculation=env.get("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required"),
        response_checksum_validation=env.get("AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required"),
    )
    # A session of its own: the default session is not thread-safe and would also read ~/.aws.
    session = boto3.session.Session(
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name=env.get("AWS_DEFAULT_REGION") or "us-east-1",
    )
    return session.client("s3", endpoint_url=endpoint, config=config)


def _relative(key: str, prefix: str) -> PurePosixPath | None:
    """The path of `key` below `prefix/`, None for folder markers; refuses keys that leave the folder."""
    if not key.startswith(f"{prefix}/"):
        raise StorageError(f"the listing of {prefix}/ returned {key!r}, which lies outside it")
    rest = key[len(prefix) + 1 :]
    if not rest or rest.endswith("/"):
        return None
    relative = PurePosixPath(rest)
    if relative.is_absolute() or any(part in ("", ".", "..") for part in rest.split("/")):
        raise StorageError(f"refusing object {key!r}: its name would leave the model directory")
    return relative


def upload_dir(local: Path, uri: str, client: Any = None) -> list[str]:
    """Uploads every file below `local` to `uri` (s3://bucket/prefix); returns the keys written.

    model.json goes last: a version whose listing holds it was uploaded completely.
    """
    bucket, prefix = parse_s3_uri(uri)
    files = sorted((p for p in Path(local).rglob("*") if p.is_file()), key=lambda p: (p.name == LAST_FILE, str(p)))
    if not files:
        raise StorageError(f"nothing to upload: {local} holds no files")
    client = client or client_from_env()
    keys = []
    for path in files:
        key = f"{prefix}/{path.relative_to(local).as_posix()}"
        try:
            client.upload_file(str(path), bucket, key)
        except (Boto3Error, BotoCoreError, ClientError) as error:
            raise StorageError(f"could not upload {path.name} to s3://{bucket}/{key}: {error}") from error
        keys.append(key)
    log.info("uploaded %d files to %s", len(keys), uri)
    return keys


def put_json(uri: str, data: dict[str, Any], client: Any = None) -> None:
    """Writes a small JSON document to `uri` (s3://bucket/key), replacing what was there."""
    bucket, key = parse_s3_uri(uri)
    client = client or client_from_env()
    try:
        client.put_object(Bucket=bucket, Key=key, Body=json.dumps(data).encode(), ContentType="application/json")
    except (Boto3Error, BotoCoreError, ClientError) as error:
        raise StorageError(f"could not write {uri}: {error}") from error


def get_json(uri: str, client: Any = None) -> dict[str, Any] | None:
    """The JSON document at `uri` (s3://bucket/key), or None when there is none."""
    bucket, key = parse_s3_uri(uri)
    client = client or client_from_env()
    try:
        return json.loads(client.get_object(Bucket=bucket, Key=key)["Body"].read())
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
            return None
        raise StorageError(f"could not read {uri}: {error}") from error
    except (Boto3Error, BotoCoreError, ValueError) as error:
        raise StorageError(f"could not read {uri}: {error}") from error


def cache_path(uri: str, cache_dir: Path) -> Path:
    """Where the files of `uri` are kept once downloaded (a hash: no part of the URI becomes a path)."""
    return Path(cache_dir) / hashlib.sha256(uri.rstrip("/").encode()).hexdigest()[:32]


def download_dir(uri: str, cache_dir: Path, client: Any = None) -> Path:
    """The local copy of the files at `uri`, downloaded on first use.

    Registered versions never change, so a copy is downloaded once per URI. It is downloaded into
    a scratch folder and renamed into place in one step: a crash half-way leaves no copy that
    would be used later, and concurrent callers (several workers) end up with one complete copy.
    """
    target = cache_path(uri, cache_dir)
    if target.is_dir():
        return target
    bucket, prefix = parse_s3_uri(uri)
    target.parent.mkdir(parents=True, exist_ok=True)
    client = client or client_from_env()
    scratch = Path(tempfile.mkdtemp(prefix=".partial-", dir=target.parent))
    try:
        count = 0
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=f"{prefix}/"):
            for item in page.get("Contents", []):
                relative = _relative(item["Key"], prefix)
                if relative is None:
                    continue
                destination = scratch.joinpath(*relative.parts)
                destination.parent.mkdir(parents=True, exist_ok=True)
                client.download_file(bucket, item["Key"], str(destination))
                count += 1
        if count == 0:
            raise NoSuchArtifact(f"no files at {uri}")
        try:
            os.rename(scratch, target)
        except OSError:
            if not target.is_dir():
                raise
            shutil.rmtree(scratch, ignore_errors=True)  # another process finished first
    except (Boto3Error, BotoCoreError, ClientError) as error:
        shutil.rmtree(scratch, ignore_errors=True)
        raise StorageError(f"could not download {uri}: {error}") from error
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    log.info("downloaded %s to %s", uri, target)
    return target


def local_dir(uri: str, cache_dir: Path, client: Any = None) -> Path:
    """A local directory holding the artifact at `uri`: file:// and plain paths as they are,
    s3:// downloaded into `cache_dir` (once); any other scheme is refused."""
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    if parsed.scheme == "" and uri:
        return Path(uri)
    if parsed.scheme == "s3":
        return download_dir(uri, cache_dir, client)
    raise UnsupportedArtifactURI(f"cannot read model files from {uri!r}: only file:// and s3:// artifact URIs are supported")

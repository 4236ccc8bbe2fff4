"""Reading nftgen outputs from local disk or S3, for the notebooks.

A location is a local path, a file:// URI, or s3://bucket/key (s3a:// too, as the jobs write it).
S3 goes through boto3 with the usual credential chain (environment, ~/.aws, instance profile);
for an S3-compatible store set NFTGEN_S3_ENDPOINT (e.g. http://127.0.0.1:9000), path-style is
then used. Nothing here needs Spark or Java.
"""
import hashlib
import io
import os
from urllib.parse import urlparse


def _s3():
    import boto3
    from botocore.config import Config

    endpoint = os.environ.get("NFTGEN_S3_ENDPOINT") or None
    config = Config(s3={"addressing_style": "path"}) if endpoint else None
    return boto3.client("s3", endpoint_url=endpoint, config=config,
                        region_name=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"))


def _split(location):
    u = urlparse(location)
    if u.scheme in ("s3", "s3a", "s3n"):
        return "s3", u.netloc, u.path.lstrip("/")
    if u.scheme == "file":
        return "file", None, u.path
    return "file", None, location


def join(location, *parts):
    return "/".join([location.rstrip("/")] + [p.strip("/") for p in parts])


def read_bytes(location):
    kind, bucket, key = _split(location)
    if kind == "s3":
        return _s3().get_object(Bucket=bucket, Key=key)["Body"].read()
    with open(key, "rb") as f:
        return f.read()


def read_text(location):
    return read_bytes(location).decode("utf-8")


def exists(location):
    kind, bucket, key = _split(location)
    if kind == "s3":
        response = _s3().list_objects_v2(Bucket=bucket, Prefix=key, MaxKeys=1)
        return any(o["Key"] == key or o["Key"].startswith(key.rstrip("/") + "/")
                   for o in response.get("Contents", []))
    return os.path.exists(key)


def list_files(location):
    """Every file below a folder, as paths relative to it, sorted."""
    kind, bucket, key = _split(location)
    if kind == "s3":
        prefix = key.rstrip("/") + "/"
        names = []
        for page in _s3().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            names += [o["Key"][len(prefix):] for o in page.get("Contents", [])]
        return sorted(names)
    names = []
    for root, _, files in os.walk(key):
        names += [os.path.relpath(os.path.join(root, f), key) for f in files]
    return sorted(names)


def read_image(location):
    """An image file as an array (H, W, 3), through matplotlib's PNG reader."""
    import matplotlib.image as mpimg

    return mpimg.imread(io.BytesIO(read_bytes(location)), format="png")


def sha256(data):
    return hashlib.sha256(data).hexdigest()

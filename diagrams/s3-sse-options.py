"""Amazon S3 server-side encryption options side by side, and who holds which key."""

from diagrams.aws.general import Client
from diagrams.aws.security import KeyManagementService
from diagrams.aws.storage import SimpleStorageServiceS3Bucket

from _flow import Flow

flow = Flow(
    "s3-sse-options",
    title="Amazon S3 server-side encryption options",
    caption="S3 server-side encryption: SSE-S3 (the default), SSE-KMS with an optional bucket key, DSSE-KMS and SSE-C differ in who holds the key.",
    alt=(
        "Comparison diagram. A client stores an object in an S3 bucket. With SSE-S3, the default, S3 encrypts "
        "with keys that S3 owns and manages. With SSE-KMS, S3 uses a KMS key in AWS KMS that you control, and "
        "an S3 Bucket Key reduces the calls to KMS. With DSSE-KMS, S3 applies two independent layers of "
        "encryption, one of them under a KMS key. With SSE-C, the client sends its own key with every request and S3 does not store it."
    ),
    direction="LR",
)
flow.node("client", Client, "Client\n(HTTPS)", name="the client")
flow.node("bucket", SimpleStorageServiceS3Bucket, "S3 bucket", name="the S3 bucket")
flow.node("s3keys", None, "S3-managed keys\nAWS holds them", cluster="SSE-S3 (default)", name="S3-managed keys")
flow.node(
    "kms",
    KeyManagementService,
    "KMS key in AWS KMS\nyou control its policy",
    cluster="SSE-KMS",
    name="a KMS key (SSE-KMS)",
)
flow.node("bucketkey", None, "S3 Bucket Key\nfewer calls to KMS", cluster="SSE-KMS", name="the S3 Bucket Key")
flow.node(
    "dsse",
    KeyManagementService,
    "KMS key in AWS KMS\n+ a second, separate layer",
    cluster="DSSE-KMS",
    name="a KMS key (DSSE-KMS)",
)
flow.node(
    "customer",
    None,
    "Your key: you hold it;\nS3 keeps only a salted\nHMAC to check it",
    cluster="SSE-C",
    name="the customer-provided key",
)

flow.step(
    "client",
    "bucket",
    "PUT object",
    note="The request may name an option in the x-amz-server-side-encryption header; without one the bucket's default encryption applies (SSE-S3 unless the bucket was set otherwise).",
)
flow.step(
    "bucket",
    "s3keys",
    "SSE-S3 (AES256)",
    note="Applied to every new object by default since January 2023; S3 owns and rotates the keys.",
)
flow.step(
    "bucket",
    "kms",
    "SSE-KMS (aws:kms)",
    note="S3 asks KMS for data keys under a KMS key; key policy and CloudTrail apply. The AWS managed aws/s3 key lets every principal of the account use it through S3; only a customer managed key separates key access from S3 access.",
)
flow.step(
    "kms",
    "bucketkey",
    "bucket-level key",
    note="With a bucket key, S3 makes data keys from a short-lived bucket-level key, so far fewer requests reach KMS.",
)
flow.step(
    "bucket",
    "dsse",
    "DSSE-KMS\n(aws:kms:dsse)",
    note="Dual-layer server-side encryption: two independent layers with separate keys; the KMS key protects the first layer's data key.",
)
flow.step(
    "bucket",
    "customer",
    "SSE-C (key in\neach request)",
    note="The client sends the key with every request over HTTPS; S3 uses it and discards it. Disabled by default on new general purpose buckets since April 2026.",
)
flow.same_rank("kms", "bucketkey")
flow.render()

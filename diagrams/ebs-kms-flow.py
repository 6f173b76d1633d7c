"""How Amazon EBS uses AWS KMS: an encrypted data key per volume, a grant so EC2 can use the
KMS key on attach, the plaintext data key only in host memory, snapshots sharing the key."""

from diagrams.aws.compute import EC2
from diagrams.aws.security import KeyManagementService
from diagrams.aws.storage import (
    ElasticBlockStoreEBS,
    ElasticBlockStoreEBSSnapshot,
    ElasticBlockStoreEBSVolume,
)

from _flow import Flow

flow = Flow(
    "ebs-kms-flow",
    title="How Amazon EBS uses AWS KMS",
    caption="EBS encryption: only the encrypted data key is stored with the volume; EC2 gets the plaintext data key from KMS on attach and keeps it in host memory.",
    alt=(
        "Flow diagram. When an encrypted volume is created, Amazon EC2 calls GenerateDataKeyWithoutPlaintext "
        "on AWS KMS and the encrypted data key is stored with the volume metadata. When the volume is "
        "attached, EC2 calls CreateGrant and then Decrypt, receives the plaintext data key, keeps it in "
        "host memory and encrypts all disk I/O. Snapshots of the volume are encrypted too."
    ),
    direction="TB",
)
flow.node("ebs", ElasticBlockStoreEBS, "Amazon EBS / EC2\n(create volume)", name="Amazon EBS (volume creation)")
flow.node("kms", KeyManagementService, "AWS KMS\n(KMS key chosen\nfor the volume)", name="AWS KMS")
flow.node(
    "volume",
    ElasticBlockStoreEBSVolume,
    "Encrypted volume\n+ encrypted data key\nin its metadata",
    name="the encrypted volume",
)
flow.node("host", EC2, "EC2 instance host\n(data key in\nmemory only)", name="the EC2 instance host")
flow.node("snapshot", ElasticBlockStoreEBSSnapshot, "Encrypted\nsnapshot", name="an encrypted snapshot")

flow.step(
    "ebs",
    "kms",
    "GenerateDataKey-\nWithoutPlaintext",
    note="On volume creation, naming the KMS key; the encryption context carries the volume ID (aws:ebs:id).",
)
flow.step(
    "kms",
    "volume",
    "encrypted data key",
    note="KMS makes a new data key, encrypts it under the KMS key and returns only that encrypted copy, which is stored with the volume metadata.",
)
flow.step(
    "host",
    "kms",
    "CreateGrant\n(on attach)",
    constraint="false",
    note="When the volume is attached, EC2 creates a grant on the KMS key so that it can decrypt the data key.",
)
flow.step("host", "kms", "Decrypt\n(encrypted data key)", constraint="false")
flow.step(
    "kms",
    "host",
    "plaintext data key",
    note="The plaintext data key stays in the host's memory while the volume is attached and never touches disk.",
)
flow.step("host", "volume", "encrypted disk I/O")
flow.step(
    "volume",
    "snapshot",
    "snapshot\n(encrypted too)",
    note="Snapshots of an encrypted volume, and volumes restored from them, are encrypted as well.",
)
flow.render()

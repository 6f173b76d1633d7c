"""Envelope encryption with a KMS data key: encrypt with a fresh data key, keep only its
encrypted copy, and ask KMS to decrypt that copy (with the same context) to read the data."""

from diagrams.aws.general import GenericSDK
from diagrams.aws.security import (
    IdentityAndAccessManagementIamDataEncryptionKey as DataKey,
    IdentityAndAccessManagementIamEncryptedData as EncryptedData,
    KeyManagementService,
)

from _flow import Flow

flow = Flow(
    "kms-data-key-flow",
    title="Envelope encryption with a KMS data key",
    caption="Envelope encryption: the KMS key stays in AWS KMS; your code encrypts the data with a data key and stores only the encrypted copy of that key.",
    alt=(
        "Flow diagram. An application calls GenerateDataKey on AWS KMS with a KMS key ID and an "
        "encryption context and receives a plaintext data key and an encrypted copy. It encrypts the "
        "data locally, discards the plaintext key and stores the ciphertext together with the encrypted "
        "data key. Later a reader sends the encrypted data key to Decrypt with the same encryption "
        "context, gets the plaintext data key back and decrypts the data locally."
    ),
)
flow.node("writer", GenericSDK, "Application\n(encrypts)", name="the encrypting application")
flow.node("reader", GenericSDK, "Application\n(decrypts)", name="the decrypting application")
flow.node("kms", KeyManagementService, "AWS KMS\n(KMS key never\nleaves KMS)", name="AWS KMS")
flow.node("store", EncryptedData, "Stored together:\nciphertext +\nencrypted data key", name="storage")
flow.node("data", DataKey, "Plaintext data\n(in memory)", name="plaintext data in memory")

flow.step(
    "writer",
    "kms",
    "GenerateDataKey\n(key ID, context)",
    note="The request names the KMS key and an encryption context (non-secret key-value pairs bound to the result).",
)
flow.step(
    "kms",
    "writer",
    "plaintext key +\nencrypted key",
    note="KMS returns two copies of one new data key: plaintext, and encrypted under the KMS key.",
)
flow.step(
    "writer",
    "store",
    "encrypt, discard\nplaintext key",
    note="Your code encrypts the data with the plaintext key, erases that key from memory and stores the ciphertext next to the encrypted data key.",
)
flow.step("store", "reader", "read both")
flow.step(
    "reader",
    "kms",
    "Decrypt\n(encrypted key,\nsame context)",
    constraint="false",
    note="Decrypt fails unless the encryption context matches the one used when the key was generated.",
)
flow.step("kms", "reader", "plaintext key")
flow.step("reader", "data", "decrypt,\ndiscard key")
flow.same_rank("kms", "store")
flow.render()

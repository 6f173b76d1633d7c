"""Envelope encryption with GenerateDataKey and AES-GCM.

KMS encrypts at most 4,096 bytes itself, so a large document is encrypted on your machine
with a data key, and only the small data key goes through KMS. GenerateDataKey
returns the data key twice: in plaintext (use it, then forget it) and encrypted
under the KMS key (store it beside the ciphertext). To read the document later,
Decrypt the stored data key and decrypt the document locally.

Emulator vs AWS:
- moto runs KMS inside this Python process: keys are random bytes in memory, not in
  HSMs, and there is no charge, request quota or CloudTrail log.
- The CiphertextBlob has moto's own layout (on AWS it is opaque too). In both, the
  blob names the KMS key, so Decrypt works without a KeyId for a symmetric key.
- moto's GenerateDataKey answer leaves out KeyMaterialId, which KMS returns (it
  names the version of key material used, since the 2025 key material model). Printed
  in the output: the member is in botocore's model of the response, not in moto's.
- `del` only drops a reference: Python cannot promise to wipe key bytes from memory.
  In production the AWS Encryption SDK does this whole dance for you, with a
  standard message format.
"""

from __future__ import annotations

import os

import boto3
import botocore.session
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from moto import mock_aws

REGION = "us-east-1"


def aws_session() -> boto3.Session:
    # Dummy credentials: moto answers every call in-process, so no account or network is used.
    return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)


def response_members(operation: str) -> set[str]:
    """The members of an operation's response in the KMS API model inside botocore (what AWS returns)."""
    model = botocore.session.get_session().get_service_model("kms")
    return set(model.operation_model(operation).output_shape.members)


def encrypt_document(kms, key_id: str, document: bytes) -> dict[str, bytes]:
    """Encrypt `document` under a fresh data key. Returns what you store: no plaintext key in it."""
    data_key = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")
    nonce = os.urandom(12)  # a GCM nonce must never repeat under the same key
    envelope = {
        "encrypted_data_key": data_key["CiphertextBlob"],
        "nonce": nonce,
        "ciphertext": AESGCM(data_key["Plaintext"]).encrypt(nonce, document, None),
    }
    del data_key  # the plaintext copy is not needed any more; the encrypted copy travels with the data
    return envelope


def decrypt_document(kms, envelope: dict[str, bytes]) -> bytes:
    """Ask KMS to decrypt the stored data key, then decrypt the document locally."""
    plaintext_key = kms.decrypt(CiphertextBlob=envelope["encrypted_data_key"])["Plaintext"]
    return AESGCM(plaintext_key).decrypt(envelope["nonce"], envelope["ciphertext"], None)


def main() -> None:
    with mock_aws():
        kms = aws_session().client("kms")
        key_id = kms.create_key(Description="envelope encryption demo")["KeyMetadata"]["KeyId"]

        data_key = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")
        print("GenerateDataKey returns:", sorted(k for k in data_key if k != "ResponseMetadata"))
        #> GenerateDataKey returns: ['CiphertextBlob', 'KeyId', 'Plaintext']
        print("KeyMaterialId: in the KMS API model", "KeyMaterialId" in response_members("GenerateDataKey"),
              "| in moto's answer", "KeyMaterialId" in data_key)
        #> KeyMaterialId: in the KMS API model True | in moto's answer False
        print("plaintext data key:", len(data_key["Plaintext"]), "bytes (AES-256)")
        #> plaintext data key: 32 bytes (AES-256)

        document = b"quarterly report " * 4096  # 69,632 bytes: far over Encrypt's 4,096-byte limit
        envelope = encrypt_document(kms, key_id, document)
        print("stored together:", sorted(envelope))
        #> stored together: ['ciphertext', 'encrypted_data_key', 'nonce']
        print("document:", len(document), "bytes; ciphertext:", len(envelope["ciphertext"]), "bytes (+16-byte GCM tag)")
        #> document: 69632 bytes; ciphertext: 69648 bytes (+16-byte GCM tag)

        print("round trip matches:", decrypt_document(kms, envelope) == document)
        #> round trip matches: True

        # AES-GCM is authenticated: one flipped bit in storage is detected, not decrypted into garbage.
        tampered = {**envelope, "ciphertext": bytes([envelope["ciphertext"][0] ^ 1]) + envelope["ciphertext"][1:]}
        try:
            decrypt_document(kms, tampered)
        except InvalidTag:
            print("tampered ciphertext: InvalidTag")
        #> tampered ciphertext: InvalidTag


if __name__ == "__main__":
    main()

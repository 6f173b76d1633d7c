"""GenerateDataKeyWithoutPlaintext, and the 4 KB limit of Encrypt.

GenerateDataKeyWithoutPlaintext returns only the encrypted copy of a new data key.
Use it when the component that creates keys must never hold one in the clear: a
provisioning job stores encrypted data keys now, and the worker that encrypts data
later calls Decrypt to get the plaintext key at the moment it needs it.

Encrypt itself takes at most 4,096 bytes of plaintext. That number is in AWS's own
API model, which botocore ships; the example reads it from there, then shows the
service refusing one byte more.

Emulator vs AWS:
- botocore checks no length bound of a binary parameter before sending (for
  numbers and strings it checks only the minimum), so the 4,097-byte request
  reaches the service. moto then refuses it with the ValidationException, and the
  message, that KMS returns.
- moto's answer leaves out KeyMaterialId, which KMS returns. Printed in the output:
  the member is in botocore's model of the response, not in moto's.
- moto keeps everything in memory: the "worker" below is the same process, where on
  AWS it would be another service with its own IAM permission to call kms:Decrypt.
"""

from __future__ import annotations

import boto3
import botocore.session
from botocore.exceptions import ClientError
from moto import mock_aws

REGION = "us-east-1"


def aws_session() -> boto3.Session:
    # Dummy credentials: moto answers every call in-process, so no account or network is used.
    return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)


def encrypt_plaintext_limits() -> dict[str, int]:
    """Encrypt's Plaintext length bounds, read from the KMS API model inside botocore."""
    model = botocore.session.get_session().get_service_model("kms")
    plaintext = model.operation_model("Encrypt").input_shape.members["Plaintext"]
    return {"min": plaintext.metadata["min"], "max": plaintext.metadata["max"]}


def response_members(operation: str) -> set[str]:
    """The members of an operation's response in the KMS API model inside botocore (what AWS returns)."""
    model = botocore.session.get_session().get_service_model("kms")
    return set(model.operation_model(operation).output_shape.members)


def provision_encrypted_key(kms, key_id: str) -> bytes:
    """What a provisioning job stores: an encrypted data key it could not read itself."""
    response = kms.generate_data_key_without_plaintext(KeyId=key_id, KeySpec="AES_256")
    assert "Plaintext" not in response
    return response["CiphertextBlob"]


def encrypt_error_code(kms, key_id: str, size: int) -> str:
    """'ok' if Encrypt accepts `size` bytes, else the error code of the refusal."""
    try:
        kms.encrypt(KeyId=key_id, Plaintext=b"x" * size)
        return "ok"
    except ClientError as err:
        return err.response["Error"]["Code"]


def main() -> None:
    with mock_aws():
        kms = aws_session().client("kms")
        key_id = kms.create_key(Description="data key demo")["KeyMetadata"]["KeyId"]

        response = kms.generate_data_key_without_plaintext(KeyId=key_id, KeySpec="AES_256")
        print("GenerateDataKeyWithoutPlaintext returns:", sorted(k for k in response if k != "ResponseMetadata"))
        #> GenerateDataKeyWithoutPlaintext returns: ['CiphertextBlob', 'KeyId']
        print("KeyMaterialId: in the KMS API model", "KeyMaterialId" in response_members("GenerateDataKeyWithoutPlaintext"),
              "| in moto's answer", "KeyMaterialId" in response)
        #> KeyMaterialId: in the KMS API model True | in moto's answer False

        stored = provision_encrypted_key(kms, key_id)
        # Later, in the worker that actually encrypts data:
        plaintext_key = kms.decrypt(CiphertextBlob=stored)["Plaintext"]
        print("worker's Decrypt gives a usable key:", len(plaintext_key), "bytes")
        #> worker's Decrypt gives a usable key: 32 bytes

        print("Encrypt Plaintext length in the KMS API model:", encrypt_plaintext_limits())
        #> Encrypt Plaintext length in the KMS API model: {'min': 1, 'max': 4096}
        for size in (4096, 4097):
            print(f"Encrypt with {size} bytes ->", encrypt_error_code(kms, key_id, size))
        #> Encrypt with 4096 bytes -> ok
        #> Encrypt with 4097 bytes -> ValidationException


if __name__ == "__main__":
    main()

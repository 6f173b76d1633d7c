"""Encryption context: the same pairs to decrypt, or no plaintext.

An encryption context is a set of non-secret key-value pairs given to Encrypt (or
GenerateDataKey). KMS binds it to the ciphertext as additional authenticated data:
Decrypt succeeds only with the same pairs, matched exactly and case-sensitively.
Only the order of the pairs may differ. A different, extra or missing pair fails
with InvalidCiphertextException, the same error as a corrupted ciphertext.

Emulator vs AWS:
- moto enforces the context as AWS does for every case printed here, and raises the
  same InvalidCiphertextException (with an empty message).
- moto joins keys and values without a separator, so {"ab": "c"} and {"a": "bc"}
  look the same to it. AWS tells them apart; never rely on that quirk.
- AWS writes the encryption context in plaintext to CloudTrail, which is why it must
  not hold secrets. moto has no CloudTrail.
"""

from __future__ import annotations

import boto3
from botocore.exceptions import ClientError
from moto import mock_aws

REGION = "us-east-1"
CONTEXT = {"tenant": "acme", "purpose": "invoice"}


def aws_session() -> boto3.Session:
    # Dummy credentials: moto answers every call in-process, so no account or network is used.
    return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)


def try_decrypt(kms, blob: bytes, context: dict[str, str] | None) -> str:
    """The decrypted text, or the error code KMS answered with."""
    kwargs = {} if context is None else {"EncryptionContext": context}
    try:
        return kms.decrypt(CiphertextBlob=blob, **kwargs)["Plaintext"].decode()
    except ClientError as err:
        return err.response["Error"]["Code"]


def main() -> None:
    with mock_aws():
        kms = aws_session().client("kms")
        key_id = kms.create_key(Description="encryption context demo")["KeyMetadata"]["KeyId"]
        blob = kms.encrypt(KeyId=key_id, Plaintext=b"invoice 42: 1,200 EUR", EncryptionContext=CONTEXT)["CiphertextBlob"]

        attempts = {
            "same pairs": CONTEXT,
            "same pairs, other order": {"purpose": "invoice", "tenant": "acme"},
            "different value": {"tenant": "globex", "purpose": "invoice"},
            "different case": {"Tenant": "acme", "purpose": "invoice"},
            "one pair missing": {"tenant": "acme"},
            "one pair extra": {**CONTEXT, "year": "2026"},
            "no context at all": None,
        }
        for label, context in attempts.items():
            print(f"{label:<24} -> {try_decrypt(kms, blob, context)}")
        #> same pairs               -> invoice 42: 1,200 EUR
        #> same pairs, other order  -> invoice 42: 1,200 EUR
        #> different value          -> InvalidCiphertextException
        #> different case           -> InvalidCiphertextException
        #> one pair missing         -> InvalidCiphertextException
        #> one pair extra           -> InvalidCiphertextException
        #> no context at all        -> InvalidCiphertextException

        # Decrypt does not hand the context back: the caller must already know it.
        response = kms.decrypt(CiphertextBlob=blob, EncryptionContext=CONTEXT)
        print("Decrypt response carries the context:", "EncryptionContext" in response)
        #> Decrypt response carries the context: False


if __name__ == "__main__":
    main()

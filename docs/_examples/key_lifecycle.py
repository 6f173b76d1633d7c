"""Key lifecycle and grants: disable, delete, cancel, and a grant from creation to retirement

A key moves between states: DisableKey and EnableKey switch it off and on, ScheduleKeyDeletion
puts it in PendingDeletion with a waiting period, and CancelKeyDeletion brings it back as
Disabled, so it still needs EnableKey. The state is what DescribeKey reports, and it decides
which calls work: only an Enabled key serves cryptographic operations.

A grant gives one principal a few operations on one key, optionally only for requests whose
encryption context contains given pairs. CreateGrant returns a grant ID and a grant token; the
grantee passes the token until the new grant has reached every KMS host. The retiring principal
named in the grant ends it with RetireGrant; key administrators would use RevokeGrant instead.

Emulator vs AWS:
- moto lets a Disabled key, and a key pending deletion, encrypt and decrypt; KMS refuses with
  DisabledException or KMSInvalidStateException. The example therefore reads those error
  names from botocore's KMS model instead of provoking them, and says so in the output.
- moto's ScheduleKeyDeletion answer has no KeyState or PendingWindowInDays (KMS returns both);
  the example reads the state with DescribeKey and the waiting period from DeletionDate.
- moto creates a key with origin EXTERNAL as Enabled; KMS creates it as PendingImport until
  key material is imported. moto does not implement GetParametersForImport or ImportKeyMaterial.
- moto does not enforce grants or their encryption context constraints (it evaluates no
  permissions at all), has no eventual consistency, and ignores Name: a retried CreateGrant
  with the same Name makes a second grant in moto, while KMS returns the first grant's ID.
"""

from __future__ import annotations

import datetime as dt

import boto3
import botocore.session
from moto import mock_aws

REGION = "us-east-1"
WORKER = "arn:aws:iam::123456789012:role/report-worker"
CLEANER = "arn:aws:iam::123456789012:role/grant-cleaner"


def aws_session() -> boto3.Session:
    # Dummy credentials: moto answers every call in-process, so no account or network is used.
    return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)


def state(kms, key_id: str) -> str:
    return kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"]


def model_errors(operation: str) -> list[str]:
    """The errors an operation can return, from the KMS API model inside botocore."""
    model = botocore.session.get_session().get_service_model("kms")
    return [shape.name for shape in model.operation_model(operation).error_shapes]


def grant_for_worker(kms, key_id: str) -> dict:
    """A grant for one role: data keys and decryption, only for the tenant 'blue', retired by CLEANER."""
    return kms.create_grant(
        KeyId=key_id,
        GranteePrincipal=WORKER,
        Operations=["GenerateDataKey", "Decrypt"],
        Constraints={"EncryptionContextSubset": {"tenant": "blue"}},
        RetiringPrincipal=CLEANER,
        Name="nightly-report",
    )


def main() -> None:
    with mock_aws():
        kms = aws_session().client("kms")
        key_id = kms.create_key(Description="reports")["KeyMetadata"]["KeyId"]
        print("new key:", state(kms, key_id))
        #> new key: Enabled

        # Disable: reversible, and the usual first step before deleting anything.
        kms.disable_key(KeyId=key_id)
        print("after DisableKey:", state(kms, key_id))
        #> after DisableKey: Disabled
        errors = model_errors("Encrypt")
        print("Encrypt errors in the KMS model include DisabledException:", "DisabledException" in errors,
              "| KMSInvalidStateException:", "KMSInvalidStateException" in errors)
        #> Encrypt errors in the KMS model include DisabledException: True | KMSInvalidStateException: True
        print("(moto lets a disabled key encrypt; KMS refuses it)")
        #> (moto lets a disabled key encrypt; KMS refuses it)
        kms.enable_key(KeyId=key_id)
        print("after EnableKey:", state(kms, key_id))
        #> after EnableKey: Enabled

        # Schedule deletion: a waiting period, then the key and everything encrypted under it are gone.
        scheduled = kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
        wait = scheduled["DeletionDate"] - dt.datetime.now(scheduled["DeletionDate"].tzinfo)
        print("after ScheduleKeyDeletion:", state(kms, key_id), "| days until deletion:", round(wait.total_seconds() / 86400))
        #> after ScheduleKeyDeletion: PendingDeletion | days until deletion: 7
        kms.cancel_key_deletion(KeyId=key_id)
        print("after CancelKeyDeletion:", state(kms, key_id))
        #> after CancelKeyDeletion: Disabled
        kms.enable_key(KeyId=key_id)
        print("after EnableKey again:", state(kms, key_id))
        #> after EnableKey again: Enabled

        # Imported key material starts with an empty key.
        external = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
        print("origin EXTERNAL:", external["Origin"], "| state:", external["KeyState"], "(moto; KMS says PendingImport)")
        #> origin EXTERNAL: EXTERNAL | state: Enabled (moto; KMS says PendingImport)

        # A grant: token at once, constraint on the encryption context, retired by its retiring principal.
        grant = grant_for_worker(kms, key_id)
        print("CreateGrant returns:", sorted(k for k in grant if k != "ResponseMetadata"))
        #> CreateGrant returns: ['GrantId', 'GrantToken']
        data_key = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256", EncryptionContext={"tenant": "blue"},
                                         GrantTokens=[grant["GrantToken"]])
        print("data key with the grant token:", len(data_key["Plaintext"]), "bytes")
        #> data key with the grant token: 32 bytes
        listed = kms.list_grants(KeyId=key_id)["Grants"][0]
        print("ListGrants:", listed["Operations"], listed["Constraints"], listed["RetiringPrincipal"].split("/")[-1])
        #> ListGrants: ['GenerateDataKey', 'Decrypt'] {'EncryptionContextSubset': {'tenant': 'blue'}} grant-cleaner
        kms.retire_grant(GrantToken=grant["GrantToken"])
        print("grants after RetireGrant:", len(kms.list_grants(KeyId=key_id)["Grants"]))
        #> grants after RetireGrant: 0
        second = grant_for_worker(kms, key_id)
        kms.revoke_grant(KeyId=key_id, GrantId=second["GrantId"])
        print("grants after RevokeGrant:", len(kms.list_grants(KeyId=key_id)["Grants"]))
        #> grants after RevokeGrant: 0


if __name__ == "__main__":
    main()

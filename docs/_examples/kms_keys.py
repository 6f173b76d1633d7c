"""KMS keys: aliases, rotation, key policy and scheduled deletion.

An alias is a friendly name that points to one key and can be repointed, so code
that names the alias keeps working when the key behind it changes. Automatic
rotation of a customer managed key is off until you enable it; the period between
rotations is 90 to 2,560 days (365 by default), and you can also rotate on demand.
Every KMS key has exactly one key policy; the default one lets the account's IAM
policies grant access to the key. Deleting a key is never immediate: it waits
7 to 30 days, during which you can cancel.

Emulator vs AWS:
- moto accepts RotationPeriodInDays but ignores it: GetKeyRotationStatus returns no
  RotationPeriodInDays or NextRotationDate (KMS returns both). The allowed range is
  therefore read from botocore's copy of the KMS API model.
- moto's on-demand rotation only records the event; it does not add new key material.
- moto stores and returns key policies but does not evaluate them (only an explicit
  Deny of kms:DescribeKey is honoured), so this example reads the policy back and
  does not claim what it would allow. Use the IAM policy simulator or a real account.
- moto needs PolicyName="default" on GetKeyPolicy; on AWS it is optional.
- moto is more lenient than KMS: it accepts aliases under the reserved alias/aws/
  prefix, rotation on asymmetric keys, and Encrypt with a disabled key.
"""

from __future__ import annotations

import json

import boto3
import botocore.session
from botocore.exceptions import ParamValidationError
from moto import mock_aws

REGION = "us-east-1"
ALIAS = "alias/orders"


def aws_session() -> boto3.Session:
    # Dummy credentials: moto answers every call in-process, so no account or network is used.
    return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)


def rotation_period_bounds() -> tuple[int, int]:
    """RotationPeriodInDays bounds, from the KMS API model inside botocore."""
    model = botocore.session.get_session().get_service_model("kms")
    member = model.operation_model("EnableKeyRotation").input_shape.members["RotationPeriodInDays"]
    return member.metadata["min"], member.metadata["max"]


def resolve_alias(kms, alias: str) -> str:
    return kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"]


def main() -> None:
    with mock_aws():
        session = aws_session()
        kms, iam = session.client("kms"), session.client("iam")
        first = kms.create_key(Description="orders, 2025")["KeyMetadata"]["KeyId"]
        second = kms.create_key(Description="orders, 2026")["KeyMetadata"]["KeyId"]

        # Aliases: one name, repointable.
        kms.create_alias(AliasName=ALIAS, TargetKeyId=first)
        print("alias resolves to the first key:", resolve_alias(kms, ALIAS) == first)
        #> alias resolves to the first key: True
        print("aliases of the first key:", [a["AliasName"] for a in kms.list_aliases(KeyId=first)["Aliases"]])
        #> aliases of the first key: ['alias/orders']
        kms.update_alias(AliasName=ALIAS, TargetKeyId=second)
        print("after UpdateAlias it resolves to the second key:", resolve_alias(kms, ALIAS) == second)
        #> after UpdateAlias it resolves to the second key: True

        # Rotation.
        print("rotation enabled on a new key:", kms.get_key_rotation_status(KeyId=second)["KeyRotationEnabled"])
        #> rotation enabled on a new key: False
        kms.enable_key_rotation(KeyId=second, RotationPeriodInDays=180)
        status = kms.get_key_rotation_status(KeyId=second)
        print("after EnableKeyRotation:", status["KeyRotationEnabled"])
        #> after EnableKeyRotation: True
        print("period echoed back:", status.get("RotationPeriodInDays"), "(moto ignores it; KMS answers 180)")
        #> period echoed back: None (moto ignores it; KMS answers 180)
        print("RotationPeriodInDays bounds in the KMS API model:", rotation_period_bounds())
        #> RotationPeriodInDays bounds in the KMS API model: (90, 2560)
        try:
            kms.enable_key_rotation(KeyId=second, RotationPeriodInDays=30)
        except ParamValidationError:
            print("RotationPeriodInDays=30: refused by botocore before sending")
        #> RotationPeriodInDays=30: refused by botocore before sending
        kms.rotate_key_on_demand(KeyId=second)
        print("rotations listed:", [r["RotationType"] for r in kms.list_key_rotations(KeyId=second)["Rotations"]])
        #> rotations listed: ['ON_DEMAND']

        # The key policy: read the default, add a statement, read it back.
        policy = json.loads(kms.get_key_policy(KeyId=second, PolicyName="default")["Policy"])
        root = policy["Statement"][0]
        print("default policy:", root["Sid"], "|", root["Principal"]["AWS"], "|", root["Action"])
        #> default policy: Enable IAM User Permissions | arn:aws:iam::123456789012:root | kms:*
        role_arn = iam.create_role(RoleName="report-reader", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
        }))["Role"]["Arn"]
        policy["Statement"].append({
            "Sid": "AllowReportReaderToDecrypt",
            "Effect": "Allow",
            "Principal": {"AWS": role_arn},
            "Action": "kms:Decrypt",
            "Resource": "*",
        })
        kms.put_key_policy(KeyId=second, PolicyName="default", Policy=json.dumps(policy))
        stored = json.loads(kms.get_key_policy(KeyId=second, PolicyName="default")["Policy"])
        print("statements now:", [s["Sid"] for s in stored["Statement"]])
        #> statements now: ['Enable IAM User Permissions', 'AllowReportReaderToDecrypt']

        # Deletion waits; until then it can be cancelled, and the key comes back disabled.
        kms.schedule_key_deletion(KeyId=first, PendingWindowInDays=7)
        print("after ScheduleKeyDeletion:", kms.describe_key(KeyId=first)["KeyMetadata"]["KeyState"])
        #> after ScheduleKeyDeletion: PendingDeletion
        kms.cancel_key_deletion(KeyId=first)
        print("after CancelKeyDeletion:", kms.describe_key(KeyId=first)["KeyMetadata"]["KeyState"])
        #> after CancelKeyDeletion: Disabled


if __name__ == "__main__":
    main()

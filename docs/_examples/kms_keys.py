"""KMS keys: aliases, rotation, key policy and scheduled deletion.

An alias is a friendly name that points to one key and can be repointed, so code
that names the alias keeps working when the key behind it changes. Automatic
rotation of a customer managed key is off until you enable it; the period between
rotations is 90 to 2,560 days (365 by default), and you can also rotate on demand.
Every KMS key has one key policy that you write, named "default"; the default
policy lets the account's IAM policies grant access to the key. (A key shared
through AWS RAM also carries an "AWS_RAM" policy that RAM manages.) Deleting a
key is never immediate: it waits 7 to 30 days, during which you can cancel.
On-demand rotation is at most 25 times per key and runs in the background.

Emulator vs AWS:
- moto accepts RotationPeriodInDays but ignores it: GetKeyRotationStatus returns no
  RotationPeriodInDays or NextRotationDate (KMS returns both). The allowed range is
  therefore read from botocore's copy of the KMS API model.
- moto's on-demand rotation only records the event, at once; it adds no new key
  material. On AWS the rotation is asynchronous: GetKeyRotationStatus shows
  OnDemandRotationStartDate while it runs, and ListKeyRotations lists it only when
  it has completed, so a call straight after RotateKeyOnDemand may list nothing.
  Printed in the output, beside moto's answer.
- moto lists one policy name, "default"; a key shared through AWS RAM also has an
  "AWS_RAM" policy on AWS (botocore 1.44.8's model), which moto does not know.
- moto's responses leave out KeyMaterialId, which KMS returns for rotation and
  data key calls since its 2025 key material model.
- moto stores and returns key policies but does not evaluate them (only an explicit
  Deny of kms:DescribeKey is honoured), so this example reads the policy back and
  does not claim what it would allow. Use the IAM policy simulator or a real account.
- moto needs PolicyName="default" on GetKeyPolicy; on AWS it is optional.
- moto is more lenient than KMS: it accepts aliases under the reserved alias/aws/
  prefix, rotation on asymmetric keys, Encrypt with a disabled key, and a
  PendingWindowInDays outside 7 to 30 (it then leaves the key enabled; KMS refuses
  the request). botocore cannot catch that one either: the model's shape allows 1 to
  365, and only the KMS documentation narrows it to 7 to 30.
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


def response_members(operation: str) -> set[str]:
    """The members of an operation's response in the KMS API model inside botocore (what AWS returns)."""
    model = botocore.session.get_session().get_service_model("kms")
    return set(model.operation_model(operation).output_shape.members)


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
        # On AWS the rotation runs in the background: straight after the call it may not be listed yet.
        print("rotations listed at once:", [r["RotationType"] for r in kms.list_key_rotations(KeyId=second)["Rotations"]],
              "(moto; KMS lists it only when complete)")
        #> rotations listed at once: ['ON_DEMAND'] (moto; KMS lists it only when complete)
        in_progress = "OnDemandRotationStartDate"
        print(f"{in_progress}: in the KMS API model", in_progress in response_members("GetKeyRotationStatus"),
              "| in moto's answer", in_progress in kms.get_key_rotation_status(KeyId=second))
        #> OnDemandRotationStartDate: in the KMS API model True | in moto's answer False

        # The key policy: read the default, add a statement, read it back.
        print("key policy names:", kms.list_key_policies(KeyId=second)["PolicyNames"], "(a key shared through AWS RAM also has AWS_RAM)")
        #> key policy names: ['default'] (a key shared through AWS RAM also has AWS_RAM)
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

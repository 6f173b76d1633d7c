"""Secrets Manager: versions, staging labels, rotation and deletion.

A secret keeps several versions of its value, and staging labels say which is which:
AWSCURRENT is what GetSecretValue returns by default, AWSPREVIOUS is the last known
good value, and AWSPENDING marks the value a rotation is still testing. PutSecretValue
without labels moves AWSCURRENT to the new version and AWSPREVIOUS to the old one.
A rotation function stages its new value as AWSPENDING (createSecret), changes the
database (setSecret), tests it (testSecret) and only then moves AWSCURRENT
(finishSecret), which this example does by hand with UpdateSecretVersionStage.
Deleting a secret waits a recovery window (7 to 30 days, 30 by default) during which
the value cannot be read and RestoreSecret brings it back.

Emulator vs AWS:
- moto's RotateSecret without a rotation function moves AWSCURRENT to a new, empty
  version at once (GetSecretValue then finds no value). On AWS, rotation runs a
  Lambda function (or a service's managed rotation) through its four steps, and
  AWSCURRENT moves only in the last step, after the new value was tested.
- moto refuses a second RotateSecret while AWSPENDING sits on any version, even on
  the AWSCURRENT one; AWS treats AWSPENDING and AWSCURRENT on the same version as a
  finished rotation.
- moto lists versions without labels (deprecated versions) from ListSecretVersionIds
  by default; AWS lists them only with IncludeDeprecated. Printed in the output.
- moto's GetSecretValue without VersionStage keeps returning the version that
  PutSecretValue last made current, even after UpdateSecretVersionStage has moved
  AWSCURRENT elsewhere; AWS returns the AWSCURRENT version. After the hand-made
  finishSecret this example therefore names VersionStage="AWSCURRENT" explicitly.
- moto stores resource policies without evaluating them, and it accepts a policy with
  a wildcard principal even when BlockPublicPolicy is true (AWS refuses it).
- moto keeps secrets in memory, unencrypted; AWS encrypts each version under a KMS key
  (aws/secretsmanager unless you name a customer managed key).
"""

from __future__ import annotations

import json

import boto3
import botocore.session
from botocore.exceptions import ClientError
from moto import mock_aws

REGION = "us-east-1"
NAME = "prod/orders/db"


def aws_session() -> boto3.Session:
    # Dummy credentials: moto answers every call in-process, so no account or network is used.
    return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)


def labels(sm, name: str, versions: dict[str, str]) -> dict[str, list[str]]:
    """The staging labels of each version, keyed by our own names for the versions."""
    stages = sm.describe_secret(SecretId=name)["VersionIdsToStages"]
    return {label: sorted(stages.get(vid, [])) for label, vid in versions.items()}


def recovery_window_text() -> str:
    """What the Secrets Manager API model says about RecoveryWindowInDays."""
    model = botocore.session.get_session().get_service_model("secretsmanager")
    doc = model.operation_model("DeleteSecret").input_shape.members["RecoveryWindowInDays"].documentation
    return " ".join(doc.replace("<p>", " ").replace("</p>", " ").split())


def main() -> None:
    with mock_aws():
        sm = aws_session().client("secretsmanager")
        v = {}
        v["v1"] = sm.create_secret(Name=NAME, SecretString=json.dumps({"username": "orders_app", "password": "first"}))["VersionId"]
        print("after CreateSecret:", labels(sm, NAME, v))
        #> after CreateSecret: {'v1': ['AWSCURRENT']}

        # A new value without labels becomes AWSCURRENT; the old one keeps AWSPREVIOUS.
        v["v2"] = sm.put_secret_value(SecretId=NAME, SecretString=json.dumps({"username": "orders_app", "password": "second"}))["VersionId"]
        print("after PutSecretValue:", labels(sm, NAME, v))
        #> after PutSecretValue: {'v1': ['AWSPREVIOUS'], 'v2': ['AWSCURRENT']}

        # Rotation by hand. createSecret: stage the new value as AWSPENDING.
        v["v3"] = sm.put_secret_value(SecretId=NAME, SecretString=json.dumps({"username": "orders_app", "password": "third"}),
                                      VersionStages=["AWSPENDING"])["VersionId"]
        print("createSecret staged:", labels(sm, NAME, v))
        #> createSecret staged: {'v1': ['AWSPREVIOUS'], 'v2': ['AWSCURRENT'], 'v3': ['AWSPENDING']}
        current = json.loads(sm.get_secret_value(SecretId=NAME)["SecretString"])["password"]
        pending = json.loads(sm.get_secret_value(SecretId=NAME, VersionStage="AWSPENDING")["SecretString"])["password"]
        print("clients still read:", current, "| testSecret reads:", pending)
        #> clients still read: second | testSecret reads: third
        # (setSecret and testSecret would change and test the database password here.)
        # finishSecret: move AWSCURRENT (Secrets Manager moves AWSPREVIOUS along), then drop AWSPENDING.
        sm.update_secret_version_stage(SecretId=NAME, VersionStage="AWSCURRENT", MoveToVersionId=v["v3"], RemoveFromVersionId=v["v2"])
        sm.update_secret_version_stage(SecretId=NAME, VersionStage="AWSPENDING", RemoveFromVersionId=v["v3"])
        print("finishSecret moved:", labels(sm, NAME, v))
        #> finishSecret moved: {'v1': [], 'v2': ['AWSPREVIOUS'], 'v3': ['AWSCURRENT']}
        after = sm.get_secret_value(SecretId=NAME, VersionStage="AWSCURRENT")["SecretString"]
        print("clients now read:", json.loads(after)["password"])
        #> clients now read: third
        listed = [x["VersionId"] for x in sm.list_secret_version_ids(SecretId=NAME)["Versions"]]
        print("v1 has no label (deprecated); listed without IncludeDeprecated:", v["v1"] in listed, "(moto; AWS leaves it out)")
        #> v1 has no label (deprecated); listed without IncludeDeprecated: True (moto; AWS leaves it out)

        # RotateSecret as moto models it, on a second secret: no Lambda, AWSCURRENT moves at once.
        other = "prod/reports/api-key"
        w = {"w1": sm.create_secret(Name=other, SecretString="key-one")["VersionId"]}
        w["w2"] = sm.rotate_secret(SecretId=other)["VersionId"]
        print("moto RotateSecret without a function:", labels(sm, other, w))
        #> moto RotateSecret without a function: {'w1': ['AWSPREVIOUS'], 'w2': ['AWSCURRENT']}
        try:
            sm.get_secret_value(SecretId=other)
        except ClientError as err:
            print("moto's new AWSCURRENT has no value:", err.response["Error"]["Code"], "(AWS moves AWSCURRENT only in finishSecret)")
        #> moto's new AWSCURRENT has no value: ResourceNotFoundException (AWS moves AWSCURRENT only in finishSecret)

        # Deletion waits a recovery window.
        print("model:", recovery_window_text().split(". ")[0])
        #> model: The number of days from 7 to 30 that Secrets Manager waits before permanently deleting the secret
        for days in (3, 7):
            try:
                sm.delete_secret(SecretId=NAME, RecoveryWindowInDays=days)
                print(f"RecoveryWindowInDays={days}: scheduled")
            except ClientError as err:
                print(f"RecoveryWindowInDays={days}:", err.response["Error"]["Code"])
        #> RecoveryWindowInDays=3: InvalidParameterException
        #> RecoveryWindowInDays=7: scheduled
        try:
            sm.get_secret_value(SecretId=NAME)
        except ClientError as err:
            print("read while scheduled for deletion:", err.response["Error"]["Code"])
        #> read while scheduled for deletion: InvalidRequestException
        sm.restore_secret(SecretId=NAME)
        restored = sm.get_secret_value(SecretId=NAME, VersionStage="AWSCURRENT")["SecretString"]
        print("after RestoreSecret:", json.loads(restored)["password"])
        #> after RestoreSecret: third


if __name__ == "__main__":
    main()

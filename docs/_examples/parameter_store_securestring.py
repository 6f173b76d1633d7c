"""Parameter Store: SecureString with a customer managed KMS key, hierarchies and tiers.

A SecureString parameter keeps its name in plaintext and its value encrypted under a
KMS key: the AWS managed key alias/aws/ssm unless you name a customer managed key,
whose key policy then decides who can decrypt. GetParameter returns ciphertext unless
the caller asks WithDecryption=True (and may use the key). Names with slashes form a
hierarchy that GetParametersByPath reads one level at a time, or the whole subtree
with Recursive=True. A standard parameter holds up to 4 KB, an advanced one up to
8 KB. Parameter Store can also pass through a Secrets Manager secret under the
reserved path /aws/reference/secretsmanager/.

Emulator vs AWS:
- moto does not encrypt: without decryption it returns "kms:<key id>:<plaintext>",
  that is the key as you named it and the value in clear. AWS returns the value
  encrypted (base64 ciphertext) and never the plaintext without kms:Decrypt. The
  example prints only whether the value has moto's form.
- moto does not check the key policy or kms:Decrypt; on AWS the caller needs
  permission on the customer managed key to read the value with decryption.
- moto accepts a value over 4 KB in the standard tier; AWS refuses it, so the limit
  is read from the API model's documentation in botocore.
"""

from __future__ import annotations

import re

import boto3
import botocore.session
from moto import mock_aws

REGION = "us-east-1"
ALIAS = "alias/orders-params"
SECRET = "n0t-a-real-password"


def aws_session() -> boto3.Session:
    # Dummy credentials: moto answers every call in-process, so no account or network is used.
    return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)


def value_limits_kb() -> tuple[int, int]:
    """The standard and advanced value limits, as the SSM API model states them."""
    model = botocore.session.get_session().get_service_model("ssm")
    doc = model.operation_model("PutParameter").input_shape.members["Value"].documentation
    standard = re.search(r"Standard parameters have a value limit of (\d+) KB", doc)
    advanced = re.search(r"Advanced parameters have a value limit of (\d+) KB", doc)
    return int(standard.group(1)), int(advanced.group(1))


def create_parameters(ssm) -> None:
    ssm.put_parameter(Name="/orders/prod/db/password", Value=SECRET, Type="SecureString", KeyId=ALIAS)
    ssm.put_parameter(Name="/orders/prod/db/host", Value="orders-db.internal", Type="String")
    ssm.put_parameter(Name="/orders/prod/regions", Value="eu-west-1,us-east-1", Type="StringList")
    ssm.put_parameter(Name="/orders/dev/db/host", Value="orders-dev.internal", Type="String")


def main() -> None:
    with mock_aws():
        session = aws_session()
        kms, ssm = session.client("kms"), session.client("ssm")
        key_id = kms.create_key(Description="orders parameters")["KeyMetadata"]["KeyId"]
        kms.create_alias(AliasName=ALIAS, TargetKeyId=key_id)
        create_parameters(ssm)

        meta = ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Values": ["/orders/prod/db/password"]}])["Parameters"][0]
        print("type, key, tier:", meta["Type"], meta["KeyId"], meta["Tier"])
        #> type, key, tier: SecureString alias/orders-params Standard

        raw = ssm.get_parameter(Name="/orders/prod/db/password")["Parameter"]["Value"]
        print("without decryption, moto's form kms:<key id>:...:", raw == f"kms:{ALIAS}:{SECRET}", "(AWS returns ciphertext)")
        #> without decryption, moto's form kms:<key id>:...: True (AWS returns ciphertext)
        clear = ssm.get_parameter(Name="/orders/prod/db/password", WithDecryption=True)["Parameter"]["Value"]
        print("with decryption, the plaintext comes back:", clear == SECRET)
        #> with decryption, the plaintext comes back: True

        # Hierarchies: one level, or the whole subtree.
        one_level = sorted(p["Name"] for p in ssm.get_parameters_by_path(Path="/orders/prod")["Parameters"])
        print("GetParametersByPath /orders/prod:", one_level)
        #> GetParametersByPath /orders/prod: ['/orders/prod/regions']
        subtree = ssm.get_parameters_by_path(Path="/orders/prod", Recursive=True, WithDecryption=True)["Parameters"]
        print("with Recursive=True:", sorted(p["Name"] for p in subtree))
        #> with Recursive=True: ['/orders/prod/db/host', '/orders/prod/db/password', '/orders/prod/regions']
        regions = ssm.get_parameter(Name="/orders/prod/regions")["Parameter"]["Value"]
        print("a StringList is one comma-separated string:", regions.split(","))
        #> a StringList is one comma-separated string: ['eu-west-1', 'us-east-1']

        # Tiers: the limits come from the API model (moto does not enforce the standard one).
        print("value limits in KB (standard, advanced):", value_limits_kb())
        #> value limits in KB (standard, advanced): (4, 8)
        ssm.put_parameter(Name="/orders/prod/catalogue", Value="x" * 6000, Type="String", Tier="Advanced")
        print("a 6,000-character value as:", ssm.describe_parameters(
            ParameterFilters=[{"Key": "Name", "Values": ["/orders/prod/catalogue"]}])["Parameters"][0]["Tier"])
        #> a 6,000-character value as: Advanced

        # A Secrets Manager secret read through Parameter Store's reserved path.
        session.client("secretsmanager").create_secret(Name="prod/orders/api-key", SecretString="key-123")
        ref = ssm.get_parameter(Name="/aws/reference/secretsmanager/prod/orders/api-key", WithDecryption=True)["Parameter"]
        print("through /aws/reference/secretsmanager/:", ref["Value"], ref["Type"])
        #> through /aws/reference/secretsmanager/: key-123 SecureString


if __name__ == "__main__":
    main()

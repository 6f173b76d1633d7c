"""AWS STS: who am I, assume a role, then chain into another role.

GetCallerIdentity tells you which principal your credentials belong to and needs no
permission. AssumeRole returns temporary credentials (an access key ID, a secret access
key and a session token) whose principal is an assumed-role ARN that ends in the
RoleSessionName you chose; the credentials expire DurationSeconds after the call
(15 minutes to the role's MaxSessionDuration, 1 hour by default). Calling AssumeRole again
with those credentials is role chaining, which AWS caps at one hour. botocore checks the
lower bounds of DurationSeconds and RoleSessionName against the STS model before it sends
anything.

Emulator vs AWS:
- moto's STS evaluates neither the role's trust policy nor the caller's identity-based
  permission for sts:AssumeRole: a role that trusts only lambda.amazonaws.com is assumed
  by the test user here. AWS refuses that call with AccessDenied. Printed beside moto's answer.
- moto ignores the role's MaxSessionDuration: a 2-hour session of a role whose maximum is
  1 hour is granted. AWS fails the call with a ValidationError. Printed beside moto's answer.
- moto does not apply the role-chaining limit: a chained AssumeRole asking for 2 hours gets
  2 hours. AWS fails any chained request above one hour. Printed beside moto's answer.
- moto accepts a RoleSessionName with characters outside the STS pattern; botocore checks
  only minimum lengths and minimum values before sending, not patterns or maximums, so
  AWS is the one that rejects it.
- moto's default caller is a fixed IAM user, arn:aws:iam::123456789012:user/moto, and its
  GetCallerIdentity answer for that user carries an STS ARN; AWS returns the IAM user ARN.
- DecodeAuthorizationMessage is not implemented in moto, and no call here is ever denied,
  so there is no encoded message to decode.
"""

from __future__ import annotations

import datetime as dt
import json

import boto3
import botocore.session
from botocore.exceptions import ParamValidationError
from moto import mock_aws

REGION = "us-east-1"
ACCOUNT = "123456789012"


def aws_session(credentials: dict | None = None) -> boto3.Session:
    # Dummy credentials: moto answers every call in-process, so no account or network is used.
    if credentials is None:
        return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
    return boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=REGION,
    )


def trust_policy(principal: dict) -> str:
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}],
    })


def minutes_left(credentials: dict) -> int:
    """How long the credentials have left, in whole minutes (stable: no dates are printed)."""
    return round((credentials["Expiration"] - dt.datetime.now(dt.timezone.utc)).total_seconds() / 60)


def duration_bounds() -> tuple[int, int]:
    """AssumeRole DurationSeconds bounds, from the STS API model inside botocore."""
    model = botocore.session.get_session().get_service_model("sts")
    member = model.operation_model("AssumeRole").input_shape.members["DurationSeconds"]
    return member.metadata["min"], member.metadata["max"]


def main() -> None:
    with mock_aws():
        session = aws_session()
        sts, iam = session.client("sts"), session.client("iam")

        me = sts.get_caller_identity()
        print("caller account:", me["Account"])
        #> caller account: 123456789012
        print("caller ARN:", me["Arn"], "(moto's test user; AWS shows arn:aws:iam::...:user/<name>)")
        #> caller ARN: arn:aws:sts::123456789012:user/moto (moto's test user; AWS shows arn:aws:iam::...:user/<name>)

        # A role in the same account that trusts the account (so its users may assume it if their own
        # policies allow sts:AssumeRole), with the default maximum session duration.
        reader = iam.create_role(
            RoleName="ReportReader",
            AssumeRolePolicyDocument=trust_policy({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}),
        )["Role"]
        print("ReportReader MaxSessionDuration:", reader["MaxSessionDuration"])
        #> ReportReader MaxSessionDuration: 3600

        first = sts.assume_role(RoleArn=reader["Arn"], RoleSessionName="alice", DurationSeconds=900)
        print("assumed-role ARN:", first["AssumedRoleUser"]["Arn"])
        #> assumed-role ARN: arn:aws:sts::123456789012:assumed-role/ReportReader/alice
        print("expires in minutes:", minutes_left(first["Credentials"]))
        #> expires in minutes: 15
        print("session token present:", bool(first["Credentials"]["SessionToken"]))
        #> session token present: True
        as_alice = aws_session(first["Credentials"])
        print("GetCallerIdentity with the session:", as_alice.client("sts").get_caller_identity()["Arn"])
        #> GetCallerIdentity with the session: arn:aws:sts::123456789012:assumed-role/ReportReader/alice

        default = sts.assume_role(RoleArn=reader["Arn"], RoleSessionName="bob")
        print("no DurationSeconds, expires in minutes:", minutes_left(default["Credentials"]))
        #> no DurationSeconds, expires in minutes: 60

        print("DurationSeconds bounds in the STS API model:", duration_bounds())
        #> DurationSeconds bounds in the STS API model: (900, 43200)
        try:
            sts.assume_role(RoleArn=reader["Arn"], RoleSessionName="carol", DurationSeconds=600)
        except ParamValidationError:
            print("DurationSeconds=600: refused by botocore before sending")
        #> DurationSeconds=600: refused by botocore before sending

        long = sts.assume_role(RoleArn=reader["Arn"], RoleSessionName="dave", DurationSeconds=7200)
        print("7200 s on a role whose maximum is 3600, minutes granted:", minutes_left(long["Credentials"]),
              "(moto; AWS fails the call with ValidationError)")
        #> 7200 s on a role whose maximum is 3600, minutes granted: 120 (moto; AWS fails the call with ValidationError)

        # Role chaining: use the ReportReader session's credentials to assume a second role.
        deployer = iam.create_role(
            RoleName="Deployer",
            AssumeRolePolicyDocument=trust_policy({"AWS": reader["Arn"]}),
            MaxSessionDuration=43200,
        )["Role"]
        chained = as_alice.client("sts").assume_role(RoleArn=deployer["Arn"], RoleSessionName="alice-deploy", DurationSeconds=3600)
        print("chained ARN:", chained["AssumedRoleUser"]["Arn"])
        #> chained ARN: arn:aws:sts::123456789012:assumed-role/Deployer/alice-deploy
        print("chained, expires in minutes:", minutes_left(chained["Credentials"]))
        #> chained, expires in minutes: 60
        too_long = as_alice.client("sts").assume_role(RoleArn=deployer["Arn"], RoleSessionName="alice-long", DurationSeconds=7200)
        print("chained with 7200 s, minutes granted:", minutes_left(too_long["Credentials"]),
              "(moto; AWS fails it: role chaining caps a session at one hour)")
        #> chained with 7200 s, minutes granted: 120 (moto; AWS fails it: role chaining caps a session at one hour)

        # A role that trusts only the Lambda service: on AWS this user cannot assume it.
        lambda_only = iam.create_role(
            RoleName="FunctionRole",
            AssumeRolePolicyDocument=trust_policy({"Service": "lambda.amazonaws.com"}),
        )["Role"]
        sneaky = sts.assume_role(RoleArn=lambda_only["Arn"], RoleSessionName="eve")
        print("role trusting only Lambda assumed by a user:", sneaky["AssumedRoleUser"]["Arn"].endswith("/eve"),
              "(moto ignores trust policies; AWS: AccessDenied)")
        #> role trusting only Lambda assumed by a user: True (moto ignores trust policies; AWS: AccessDenied)


if __name__ == "__main__":
    main()

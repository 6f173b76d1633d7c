"""Sanitising: keep secrets out of logs, and a Lambda key for environment variables.

A secret fetched at run time is safe only until code logs it. A logging filter that
knows the values the process loaded (and the shapes of common credentials, such as
an access key ID) can replace them before any handler writes the line, so a debug
statement or an exception message cannot leak them. The same process also shows the
Lambda setting KMSKeyArn: a customer managed key for the function's environment
variables instead of the default AWS managed key. Even so, environment variables are
configuration, readable by anyone who may read the function's settings, so the secret
itself stays in Secrets Manager and only its name goes in the variable.

Emulator vs AWS:
- moto creates the Lambda function without running it (no container) and stores
  KMSKeyArn as given, without checking the key policy or anyone's KMS permissions;
  on AWS the key policy decides who can see and manage the encrypted variables.
- moto does not encrypt environment variables at rest; AWS always does, with an AWS
  managed key unless KMSKeyArn names a customer managed key.
- The redaction itself is plain Python and behaves the same everywhere; CloudWatch Logs
  data protection policies (masking at ingestion) are not modelled by moto.
"""

from __future__ import annotations

import io
import json
import logging
import re
import zipfile

import boto3
from moto import mock_aws

REGION = "us-east-1"
ACCESS_KEY_ID = re.compile(r"\b(AKIA|ASIA)[A-Z0-9]{16}\b")


def aws_session() -> boto3.Session:
    # Dummy credentials: moto answers every call in-process, so no account or network is used.
    return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)


class RedactSecrets(logging.Filter):
    """Replace known secret values and access key IDs in every record before it is written."""

    def __init__(self, secrets: list[str]):
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for secret in self.secrets:
            message = message.replace(secret, "[REDACTED]")
        record.msg, record.args = ACCESS_KEY_ID.sub("[REDACTED-KEY-ID]", message), None
        return True


def logger_writing_to(stream: io.StringIO, secrets: list[str]) -> logging.Logger:
    log = logging.getLogger("orders")
    log.handlers.clear()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    return log


def zipped_handler() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return 'ok'\n")
    return buffer.getvalue()


def main() -> None:
    with mock_aws():
        session = aws_session()
        sm = session.client("secretsmanager")
        sm.create_secret(Name="prod/orders/payment-api", SecretString=json.dumps({"api_key": "demo-key-7f3a"}))
        api_key = json.loads(sm.get_secret_value(SecretId="prod/orders/payment-api")["SecretString"])["api_key"]

        stream = io.StringIO()
        log = logger_writing_to(stream, [api_key])
        log.info("calling payments with key %s", api_key)
        log.info("stray credential in an error: AKIAIOSFODNN7EXAMPLE")
        for line in stream.getvalue().splitlines():
            print("logged:", line)
        #> logged: INFO calling payments with key [REDACTED]
        #> logged: INFO stray credential in an error: [REDACTED-KEY-ID]
        print("the key reached the log:", api_key in stream.getvalue())
        #> the key reached the log: False

        # The function gets the secret's name, not its value, and a customer managed key.
        kms, iam, lam = session.client("kms"), session.client("iam"), session.client("lambda")
        key_arn = kms.create_key(Description="orders function settings")["KeyMetadata"]["Arn"]
        role = iam.create_role(RoleName="orders-fn", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
        }))["Role"]["Arn"]
        lam.create_function(
            FunctionName="orders", Runtime="python3.12", Role=role, Handler="app.handler",
            Code={"ZipFile": zipped_handler()}, KMSKeyArn=key_arn,
            Environment={"Variables": {"PAYMENT_SECRET_ID": "prod/orders/payment-api"}},
        )
        config = lam.get_function_configuration(FunctionName="orders")
        print("environment:", config["Environment"]["Variables"])
        #> environment: {'PAYMENT_SECRET_ID': 'prod/orders/payment-api'}
        print("encrypted with our key:", config["KMSKeyArn"] == key_arn)
        #> encrypted with our key: True


if __name__ == "__main__":
    main()

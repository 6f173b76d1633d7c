"""Secrets Manager rotation with a Lambda function: Secrets Manager calls the same function
once per step, and AWSCURRENT moves to the new version only after it was tested."""

from diagrams.aws.compute import Lambda
from diagrams.aws.database import RDS
from diagrams.aws.security import SecretsManager

from _flow import Flow

flow = Flow(
    "secrets-rotation-flow",
    title="Rotating a secret with a Lambda function",
    caption="Rotation by Lambda function: four steps; clients keep reading AWSCURRENT until the last one.",
    alt=(
        "Flow diagram. AWS Secrets Manager invokes the rotation Lambda function once for each of four "
        "steps. In createSecret the function stores a new secret version labelled AWSPENDING. In "
        "setSecret it changes the credentials in the database to the pending value. In testSecret it "
        "signs in to the database with the pending value. In finishSecret it moves the AWSCURRENT label "
        "to the new version, and the old version becomes AWSPREVIOUS."
    ),
)
flow.node(
    "secret", SecretsManager, "Secrets Manager\n(the secret and\nits versions)", name="the secret in Secrets Manager"
)
flow.node("fn", Lambda, "Rotation function\n(Lambda)", name="the rotation function")
flow.node("db", RDS, "Database\n(the user whose\npassword rotates)", name="the database")

flow.link("secret", "fn", "invokes once\nper step")
flow.step(
    "fn",
    "secret",
    "createSecret:\nPutSecretValue\nas AWSPENDING",
    note="The function generates a new value and stores it as a new version labelled AWSPENDING; clients still get AWSCURRENT.",
)
flow.step(
    "fn",
    "db",
    "setSecret:\nchange the\npassword",
    note="The function changes the credentials in the database (or creates the alternate user) to match the AWSPENDING value.",
)
flow.step(
    "fn",
    "db",
    "testSecret:\nsign in with\nAWSPENDING",
    note="The function signs in with the pending value; if this fails, AWSCURRENT never moves and clients keep working.",
)
flow.step(
    "fn",
    "secret",
    "finishSecret:\nmove AWSCURRENT",
    note="The function moves AWSCURRENT to the new version; Secrets Manager gives the old version AWSPREVIOUS.",
)
flow.render()

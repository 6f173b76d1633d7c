"""Cognito Sync (legacy): datasets synchronized across devices, changes streamed to Kinesis
by Cognito Streams, and a Sync Trigger (Cognito Events) calling Lambda."""

from diagrams.aws.analytics import KinesisDataStreams
from diagrams.aws.compute import LambdaFunction
from diagrams.aws.general import Client, MobileClient
from diagrams.aws.integration import Appsync
from diagrams.aws.security import Cognito

from _flow import Flow

LEGACY = "Legacy: Amazon Cognito Sync"

flow = Flow(
    "cognito-sync-stream-flow",
    title="Cognito Sync, Cognito Streams and Sync Triggers (legacy)",
    caption="Legacy Cognito Sync: devices of one identity share a dataset; Cognito Streams copies changes to Kinesis; a Sync Trigger lets Lambda check them. New work uses AWS AppSync.",
    alt=(
        "Flow diagram of a legacy service. A mobile device synchronizes a dataset with Cognito Sync. A Sync "
        "Trigger invokes a Lambda function that validates or enriches the records and returns them. Cognito "
        "Streams pushes the changes to a Kinesis data stream that consumers read. A second device of the same "
        "identity synchronizes and receives the latest data. AWS AppSync is shown as the successor."
    ),
    direction="TB",
)
flow.node("phone", MobileClient, "Device A\n(same identity)", name="device A")
flow.node("sync", Cognito, "Cognito Sync\n(datasets per\nidentity)", cluster=LEGACY, name="Cognito Sync")
flow.node(
    "trigger", LambdaFunction, "Sync Trigger\nLambda function", cluster=LEGACY, name="the Sync Trigger Lambda function"
)
flow.node("stream", KinesisDataStreams, "Kinesis\ndata stream", cluster=LEGACY, name="the Kinesis data stream")
flow.node("consumers", LambdaFunction, "Stream consumers\n(analytics, storage)", name="stream consumers")
flow.node("laptop", Client, "Device B\n(same identity)", name="device B")
flow.node("appsync", Appsync, "AWS AppSync\n(successor)", name="AWS AppSync")

flow.step("phone", "sync", "synchronize\ndataset")
flow.step(
    "sync",
    "trigger",
    "Sync Trigger\n(Cognito Events)",
    note="Before the sync completes, Cognito invokes the Lambda function with the dataset changes.",
)
flow.step(
    "trigger",
    "sync",
    "validated or\nenriched records",
    note="The function returns the records, changed or not; Cognito stores what it returns.",
)
flow.step(
    "sync",
    "stream",
    "Cognito Streams",
    note="Each change to a dataset is pushed to the Kinesis data stream you configured.",
)
flow.step("stream", "consumers", "read records")
flow.step("sync", "laptop", "synchronize\n(latest data)")
flow.link("sync", "appsync", "new apps")
flow.render()

"""Cognito Sync, modelled: a Sync Trigger, then Cognito Streams into Kinesis.

Cognito Sync (legacy) stores small key-value datasets per identity. Two features
let you act on a change: a Sync Trigger (Cognito Events) runs a Lambda function on
the incoming records before they are stored, and may change them; Cognito Streams
then pushes each stored change to a Kinesis stream you own. This example plays the
whole path with the documented shapes: a device changes its "gameState" dataset,
a Sync Trigger handler validates and enriches the change, the result is stored,
one Cognito Streams record goes onto a Kinesis stream, and a consumer reads it back
with GetShardIterator and GetRecords.

Emulator vs AWS:
- moto has no Cognito Sync at all, so nothing here calls it. The Sync Trigger event
  and the stream record are built by this file, in the field names of the Amazon
  Cognito Events and Amazon Cognito Streams documentation; the handler is a plain
  function, not a Lambda invocation (no 5-second limit, no retries).
- The "store" step is a dictionary with a per-record sync count, standing in for the
  service. Only the Kinesis part (stream, put, shard iterator, get) runs on moto.
- Streams sends a record inline until it passes 50 KB, then an S3 URL instead
  (payloadType "S3Url"); only the inline case is modelled. The docs' example also
  shows a kinesisSyncRecordsURL field, left out here for inline payloads.
- On AWS you wire both features on the identity pool: SetCognitoEvents with a
  "SyncTrigger" Lambda ARN, and SetIdentityPoolConfiguration with CognitoStreams
  (StreamName, RoleArn, StreamingStatus). The example prints those shapes from
  botocore's API model, since moto cannot accept the calls.
"""

from __future__ import annotations

import json
import time

import boto3
import botocore.session
from moto import mock_aws
from moto.backends import list_of_moto_modules

REGION = "us-east-1"
STREAM = "cognito-sync-changes"
DATASET = "gameState"
INLINE_LIMIT = 50 * 1024  # above this, Cognito Streams sends an S3 URL instead of the records


def aws_session() -> boto3.Session:
    # Dummy credentials: moto answers every call in-process, so no account or network is used.
    return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)


def sync_trigger_event(pool_id: str, identity_id: str, stored: dict, incoming: dict[str, str]) -> dict:
    """The Sync Trigger input: every record of the dataset, with old and new values."""
    records = {key: {"oldValue": rec["value"], "newValue": rec["value"], "op": "replace"} for key, rec in stored.items()}
    for key, value in incoming.items():
        records[key] = {"oldValue": stored.get(key, {}).get("value"), "newValue": value, "op": "replace"}
    return {
        "version": 2,
        "eventType": "SyncTrigger",
        "region": REGION,
        "identityPoolId": pool_id,
        "identityId": identity_id,
        "datasetName": DATASET,
        "datasetRecords": records,
    }


def sync_trigger_handler(event: dict, context: object = None) -> dict:
    """Validate and enrich a dataset change. Only datasetRecords may be changed; the rest is read-only."""
    if event.get("eventType") != "SyncTrigger" or event.get("version") != 2:
        raise ValueError("not a version 2 Sync Trigger event")
    records = event["datasetRecords"]
    coins = records.get("coins")
    if coins and not coins["newValue"].isdigit():
        coins["newValue"] = coins["oldValue"]  # refuse the bad value: keep what was stored
    score = records.get("highScore")
    if score and score["newValue"].isdigit():
        records["level"] = {"newValue": str(int(score["newValue"]) // 1000 + 1), "op": "replace"}
    return event


def store(stored: dict, trigger_output: dict, now_ms: int) -> list[dict]:
    """Apply the handler's records as the service would; return the records that changed."""
    changed = []
    for key, rec in sorted(trigger_output["datasetRecords"].items()):
        current = stored.get(key)
        if current and current["value"] == rec["newValue"]:
            continue
        sync_count = (current["syncCount"] if current else 0) + 1
        stored[key] = {"value": rec["newValue"], "syncCount": sync_count}
        changed.append({
            "key": key,
            "value": rec["newValue"],
            "syncCount": sync_count,
            "lastModifiedDate": now_ms,
            "deviceLastModifiedDate": now_ms,
            "op": rec["op"],
        })
    return changed


def streams_record(pool_id: str, identity_id: str, changed: list[dict], dataset_sync_count: int, now_ms: int) -> dict:
    """One synchronization, in the Cognito Streams record shape (inline payload)."""
    record = {
        "identityPoolId": pool_id,
        "identityId": identity_id,
        "dataSetName": DATASET,
        "operation": "replace",
        "kinesisSyncRecords": changed,
        "lastModifiedDate": now_ms,
        "payloadType": "Inline",
        "syncCount": dataset_sync_count,
    }
    if len(json.dumps(record)) > INLINE_LIMIT:
        raise NotImplementedError("over 50 KB Cognito Streams sends an S3 URL; not modelled here")
    return record


def read_stream(kinesis) -> list[tuple[str, dict]]:
    """A minimal consumer: every record of the single shard, from the oldest."""
    shard_id = kinesis.describe_stream(StreamName=STREAM)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamName=STREAM, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = kinesis.get_records(ShardIterator=iterator, Limit=100)["Records"]
    return [(r["PartitionKey"], json.loads(r["Data"])) for r in records]


def main() -> None:
    api = botocore.session.get_session().get_service_model("cognito-sync")
    print("Cognito Sync API in botocore's model:", "SetCognitoEvents" in api.operation_names, "| emulated by moto:", "cognitosync" in list_of_moto_modules())
    #> Cognito Sync API in botocore's model: True | emulated by moto: False
    print("CognitoStreams settings:", list(api.shape_for("CognitoStreams").members))
    #> CognitoStreams settings: ['StreamName', 'RoleArn', 'StreamingStatus']

    with mock_aws():
        session = aws_session()
        identity = session.client("cognito-identity")
        pool_id = identity.create_identity_pool(IdentityPoolName="game", AllowUnauthenticatedIdentities=True)["IdentityPoolId"]
        identity_id = identity.get_id(IdentityPoolId=pool_id)["IdentityId"]
        kinesis = session.client("kinesis")
        kinesis.create_stream(StreamName=STREAM, ShardCount=1)
        kinesis.get_waiter("stream_exists").wait(StreamName=STREAM)

        stored = {"coins": {"value": "120", "syncCount": 3}, "highScore": {"value": "4100", "syncCount": 2}}
        dataset_sync_count = 5  # the dataset's own counter: one more per synchronization
        incoming = {"coins": "-5", "highScore": "7200"}  # one bad value, one good one
        event = sync_trigger_event(pool_id, identity_id, stored, incoming)
        output = sync_trigger_handler(event)
        for key, rec in sorted(output["datasetRecords"].items()):
            print(f"trigger output {key}: {rec.get('oldValue')} -> {rec['newValue']} ({rec['op']})")
        #> trigger output coins: 120 -> 120 (replace)
        #> trigger output highScore: 4100 -> 7200 (replace)
        #> trigger output level: None -> 8 (replace)

        now_ms = int(time.time() * 1000)
        changed = store(stored, output, now_ms)
        record = streams_record(pool_id, identity_id, changed, dataset_sync_count + 1, now_ms)
        kinesis.put_record(StreamName=STREAM, Data=json.dumps(record).encode(), PartitionKey=identity_id)

        [(partition_key, received)] = read_stream(kinesis)
        print("consumer got one record, keyed by identity:", partition_key == identity_id)
        #> consumer got one record, keyed by identity: True
        print("record fields:", sorted(received))
        #> record fields: ['dataSetName', 'identityId', 'identityPoolId', 'kinesisSyncRecords', 'lastModifiedDate', 'operation', 'payloadType', 'syncCount']
        print("dataset:", received["dataSetName"], "| payload:", received["payloadType"], "| same pool:", received["identityPoolId"] == pool_id)
        #> dataset: gameState | payload: Inline | same pool: True
        for rec in received["kinesisSyncRecords"]:
            print(f"changed {rec['key']} = {rec['value']} (syncCount {rec['syncCount']}, op {rec['op']})")
        #> changed highScore = 7200 (syncCount 3, op replace)
        #> changed level = 8 (syncCount 1, op replace)


if __name__ == "__main__":
    main()

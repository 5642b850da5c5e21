#!/usr/bin/env python3
"""Drift detection and out-of-band updates driven with boto3 against an offline AWS.

Usage: offline_aws_drift.py ENDPOINT_URL

Creates the drift-table stack, switches the table's TTL off in DynamoDB, detects drift and reads the
results as boto3 parses them; then updates the stack out of band with the previous template and checks
LastUpdatedTime and the OBSOLETE change set. Exits 1 with the failed check on stderr.
"""
import datetime
import json
import pathlib
import sys
import time

import boto3
import botocore.exceptions

TEMPLATES = pathlib.Path(__file__).resolve().parents[1] / "resources" / "io" / "firefly" / "offlineaws"
WAITER = {"Delay": 0.2, "MaxAttempts": 300}
STACK, TABLE = "boto-drift", "boto-drift-keys"


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def clients(endpoint):
    session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
    return session.client("cloudformation", endpoint_url=endpoint), session.client("dynamodb", endpoint_url=endpoint)


def detect(cfn):
    """Starts a detection and polls its status until it ends; returns every status seen."""
    detection_id = cfn.detect_stack_drift(StackName=STACK)["StackDriftDetectionId"]
    seen = []
    for _ in range(300):
        status = cfn.describe_stack_drift_detection_status(StackDriftDetectionId=detection_id)
        seen.append(status)
        if status["DetectionStatus"] != "DETECTION_IN_PROGRESS":
            return seen
        time.sleep(0.05)
    raise CheckFailed(f"drift detection {detection_id} still in progress: {seen[-1]}")


def main(endpoint):
    cfn, ddb = clients(endpoint)
    template = (TEMPLATES / "drift-table.yaml").read_text()
    cfn.create_stack(StackName=STACK, TemplateBody=template, Parameters=[{"ParameterKey": "TableName", "ParameterValue": TABLE}])
    cfn.get_waiter("stack_create_complete").wait(StackName=STACK, WaiterConfig=WAITER)
    created = cfn.describe_stacks(StackName=STACK)["Stacks"][0]
    check("LastUpdatedTime" not in created, f"a new stack has a LastUpdatedTime: {created.get('LastUpdatedTime')}")
    check(created["DriftInformation"] == {"StackDriftStatus": "NOT_CHECKED"}, f"drift before any check {created['DriftInformation']}")

    ddb.update_time_to_live(TableName=TABLE, TimeToLiveSpecification={"Enabled": False, "AttributeName": "expiresAt"})
    seen = detect(cfn)
    first, last = seen[0], seen[-1]
    check(first["DetectionStatus"] == "DETECTION_IN_PROGRESS" and "DriftedStackResourceCount" not in first,
          f"a detection did not start in progress: {first}")
    check(last["DetectionStatus"] == "DETECTION_COMPLETE" and last["StackDriftStatus"] == "DRIFTED", f"detection ended {last}")
    check(last["DriftedStackResourceCount"] == 1, f"drifted count {last['DriftedStackResourceCount']!r}")
    check(isinstance(last["Timestamp"], datetime.datetime), f"Timestamp not parsed as a time: {last['Timestamp']!r}")

    drifts = cfn.describe_stack_resource_drifts(StackName=STACK, StackResourceDriftStatusFilters=["MODIFIED"])["StackResourceDrifts"]
    check([d["LogicalResourceId"] for d in drifts] == ["KeysTable"], f"modified resources {drifts}")
    table = drifts[0]
    check(table["PropertyDifferences"] == [{"PropertyPath": "/TimeToLiveSpecification/Enabled", "ExpectedValue": "true",
                                            "ActualValue": "false", "DifferenceType": "NOT_EQUAL"}],
          f"differences {table['PropertyDifferences']}")
    check(json.loads(table["ExpectedProperties"])["TimeToLiveSpecification"]["AttributeName"] == "expiresAt",
          f"expected properties {table['ExpectedProperties']}")
    check(isinstance(table["Timestamp"], datetime.datetime), f"resource Timestamp {table['Timestamp']!r}")
    resource = cfn.describe_stack_resource(StackName=STACK, LogicalResourceId="KeysTable")["StackResourceDetail"]
    check(resource["DriftInformation"]["StackResourceDriftStatus"] == "MODIFIED", f"resource drift {resource['DriftInformation']}")
    stack = cfn.describe_stacks(StackName=STACK)["Stacks"][0]
    check(stack["DriftInformation"]["StackDriftStatus"] == "DRIFTED"
          and stack["DriftInformation"]["LastCheckTimestamp"] == last["Timestamp"], f"stack drift {stack['DriftInformation']}")

    ddb.update_time_to_live(TableName=TABLE, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expiresAt"})
    check(detect(cfn)[-1]["StackDriftStatus"] == "IN_SYNC", "TTL back on is not IN_SYNC")

    cfn.create_change_set(StackName=STACK, ChangeSetName="waiting", UsePreviousTemplate=True,
                          Parameters=[{"ParameterKey": "TableName", "UsePreviousValue": True}], Tags=[{"Key": "team", "Value": "firefly"}])
    cfn.get_waiter("change_set_create_complete").wait(StackName=STACK, ChangeSetName="waiting", WaiterConfig=WAITER)
    cfn.update_stack(StackName=STACK, UsePreviousTemplate=True,
                     Parameters=[{"ParameterKey": "TableName", "UsePreviousValue": True},
                                 {"ParameterKey": "TtlEnabled", "ParameterValue": "false"}])
    cfn.get_waiter("stack_update_complete").wait(StackName=STACK, WaiterConfig=WAITER)
    updated = cfn.describe_stacks(StackName=STACK)["Stacks"][0]
    check(updated["LastUpdatedTime"] > updated["CreationTime"], f"LastUpdatedTime {updated.get('LastUpdatedTime')}")
    waiting = cfn.describe_change_set(StackName=STACK, ChangeSetName="waiting")
    check(waiting["ExecutionStatus"] == "OBSOLETE", f"the waiting change set is {waiting['ExecutionStatus']}")
    try:
        cfn.execute_change_set(StackName=STACK, ChangeSetName="waiting")
        raise CheckFailed("an OBSOLETE change set was executed")
    except cfn.exceptions.InvalidChangeSetStatusException as refused:
        check("[OBSOLETE]" in str(refused), f"refusal {refused}")
    print("offline AWS drift detection and out-of-band updates behaved as CloudFormation")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} ENDPOINT_URL")
    try:
        main(sys.argv[1])
    except (CheckFailed, botocore.exceptions.ClientError, botocore.exceptions.WaiterError) as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        sys.exit(1)

#!/usr/bin/env python3
"""The documented deploy paths driven with boto3 against an offline AWS.

Usage: offline_aws_paths.py ENDPOINT_URL

Runs the deploy script of the registration-keys table three ways -- fresh (neither stack nor table),
normal (the stack exists) and import (the table exists, the stack does not) -- then deletes a stack,
checking at each step what CloudFormation would answer. Exits 1 with the failed check on stderr.
"""
import pathlib
import sys

import boto3
import botocore.exceptions

TEMPLATES = pathlib.Path(__file__).resolve().parents[1] / "resources" / "io" / "firefly" / "offlineaws"
WAITER = {"Delay": 0.2, "MaxAttempts": 300}
EMPTY_REASONS = ("The submitted information didn't contain changes.", "No updates are to be performed")


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def clients(endpoint):
    session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
    return session.client("cloudformation", endpoint_url=endpoint), session.client("dynamodb", endpoint_url=endpoint)


def stack_exists(cfn, name):
    """A REVIEW_IN_PROGRESS stack counts as absent, as the AWS CLI counts it."""
    try:
        stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    except botocore.exceptions.ClientError as error:
        if f"Stack with id {name} does not exist" in str(error):
            return False
        raise
    return stack["StackStatus"] != "REVIEW_IN_PROGRESS"


def table_exists(ddb, name):
    try:
        ddb.describe_table(TableName=name)
        return True
    except ddb.exceptions.ResourceNotFoundException:
        return False


def change_set(cfn, stack, name, change_set_type, template, parameters, **extra):
    """Creates a change set and waits for it; returns False when it holds no changes (and deletes it)."""
    cfn.create_change_set(StackName=stack, ChangeSetName=name, ChangeSetType=change_set_type,
                          TemplateBody=template, Parameters=parameters, **extra)
    try:
        cfn.get_waiter("change_set_create_complete").wait(StackName=stack, ChangeSetName=name, WaiterConfig=WAITER)
    except botocore.exceptions.WaiterError as error:
        response = error.last_response
        if response.get("Status") == "FAILED" and any(r in response.get("StatusReason", "") for r in EMPTY_REASONS):
            cfn.delete_change_set(StackName=stack, ChangeSetName=name)
            return False
        raise
    return True


def deploy(cfn, ddb, stack, table, template, import_template, attempt):
    """The documented deploy script; returns the path it took and whether anything changed."""
    parameters = [{"ParameterKey": "TableName", "ParameterValue": table}]
    if stack_exists(cfn, stack):
        if not change_set(cfn, stack, f"update-{attempt}", "UPDATE", template, parameters):
            return "normal", False
        cfn.execute_change_set(StackName=stack, ChangeSetName=f"update-{attempt}")
        cfn.get_waiter("stack_update_complete").wait(StackName=stack, WaiterConfig=WAITER)
        return "normal", True
    if table_exists(ddb, table):
        resources = [{"ResourceType": "AWS::DynamoDB::Table", "LogicalResourceId": "RegistrationKeysTable",
                      "ResourceIdentifier": {"TableName": table}}]
        change_set(cfn, stack, f"import-{attempt}", "IMPORT", import_template, parameters, ResourcesToImport=resources)
        cfn.execute_change_set(StackName=stack, ChangeSetName=f"import-{attempt}")
        cfn.get_waiter("stack_import_complete").wait(StackName=stack, WaiterConfig=WAITER)
        deploy(cfn, ddb, stack, table, template, import_template, f"{attempt}-outputs")
        return "import", True
    change_set(cfn, stack, f"create-{attempt}", "CREATE", template, parameters)
    cfn.execute_change_set(StackName=stack, ChangeSetName=f"create-{attempt}")
    cfn.get_waiter("stack_create_complete").wait(StackName=stack, WaiterConfig=WAITER)
    return "fresh", True


def outputs(cfn, stack):
    described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}


def status(cfn, stack):
    return cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]


def main(endpoint):
    cfn, ddb = clients(endpoint)
    template = (TEMPLATES / "registration-keys.yaml").read_text()
    import_template = (TEMPLATES / "registration-keys-import.yaml").read_text()
    unprotected = template.replace("DeletionProtectionEnabled: true", "DeletionProtectionEnabled: false")

    path, _ = deploy(cfn, ddb, "boto-keys", "boto-keys-table", template, import_template, 1)
    check(path == "fresh", f"first deploy took the {path} path, expected fresh")
    check(status(cfn, "boto-keys") == "CREATE_COMPLETE", f"fresh stack is {status(cfn, 'boto-keys')}")
    check(outputs(cfn, "boto-keys").get("TableName") == "boto-keys-table", f"outputs {outputs(cfn, 'boto-keys')}")
    ttl = ddb.describe_time_to_live(TableName="boto-keys-table")["TimeToLiveDescription"]
    check(ttl.get("TimeToLiveStatus") == "ENABLED" and ttl.get("AttributeName") == "expiresAt", f"TTL {ttl}")

    path, changed = deploy(cfn, ddb, "boto-keys", "boto-keys-table", template, import_template, 2)
    check(path == "normal" and not changed, f"unchanged redeploy: path {path}, changed {changed}")
    names = [s["ChangeSetName"] for s in cfn.list_change_sets(StackName="boto-keys")["Summaries"]]
    check(names == ["create-1"], f"the empty change set was not deleted: {names}")

    path, changed = deploy(cfn, ddb, "boto-keys", "boto-keys-table", unprotected, import_template, 3)
    check(path == "normal" and changed, f"changed redeploy: path {path}, changed {changed}")
    check(status(cfn, "boto-keys") == "UPDATE_COMPLETE", f"updated stack is {status(cfn, 'boto-keys')}")
    check(not ddb.describe_table(TableName="boto-keys-table")["Table"]["DeletionProtectionEnabled"],
          "deletion protection still on after the update")

    ddb.create_table(TableName="boto-import-table", BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "registrationKey", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "registrationKey", "KeyType": "HASH"}])
    for key in ("k1", "k2", "k3", "k4"):
        ddb.put_item(TableName="boto-import-table", Item={"registrationKey": {"S": key}})
    path, _ = deploy(cfn, ddb, "boto-import", "boto-import-table", template, import_template, 1)
    check(path == "import", f"deploy with an existing table took the {path} path, expected import")
    check(status(cfn, "boto-import") == "UPDATE_COMPLETE", f"imported stack is {status(cfn, 'boto-import')}")
    check(outputs(cfn, "boto-import").get("TableArn") == "arn:aws:dynamodb:us-east-1:123456789012:table/boto-import-table",
          f"outputs after import {outputs(cfn, 'boto-import')}")
    count = ddb.scan(TableName="boto-import-table", Select="COUNT")["Count"]
    check(count == 4, f"the import lost items: {count} of 4 left")
    events = cfn.describe_stack_events(StackName="boto-import")["StackEvents"]
    reasons = [e.get("ResourceStatusReason") for e in events if e["LogicalResourceId"] == "RegistrationKeysTable"]
    check("Resource import completed." in reasons and "Resource import started." in reasons, f"import events {reasons}")

    stack_id = cfn.describe_stacks(StackName="boto-keys")["Stacks"][0]["StackId"]
    cfn.delete_stack(StackName="boto-keys")
    cfn.get_waiter("stack_delete_complete").wait(StackName="boto-keys", WaiterConfig=WAITER)
    check(cfn.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"] == "DELETE_COMPLETE",
          "a deleted stack is not DELETE_COMPLETE by its id")
    check(not table_exists(ddb, "boto-keys-table"), "the deleted stack left its table")
    print("offline AWS behaved as CloudFormation on the fresh, normal and import paths")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} ENDPOINT_URL")
    try:
        main(sys.argv[1])
    except (CheckFailed, botocore.exceptions.ClientError, botocore.exceptions.WaiterError) as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        sys.exit(1)

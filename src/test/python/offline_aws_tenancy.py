#!/usr/bin/env python3
"""Identities and accounts driven with boto3 against an offline AWS.

Usage: offline_aws_tenancy.py ENDPOINT_URL

The base credentials are the operator's IAM user in the default account. Two roles in two accounts are
assumed, one with session tags, one with the ExternalId its trust requires (declared by the Java test, as
is the role nobody may assume); each role deploys a stack and a table of the same names, and sees only its
own account's. Exits 1 with the failed check on stderr.
"""
import datetime
import pathlib
import sys

import boto3
import botocore.exceptions

TEMPLATE = pathlib.Path(__file__).resolve().parents[1] / "resources" / "io" / "firefly" / "offlineaws" / "registration-keys.yaml"
WAITER = {"Delay": 0.2, "MaxAttempts": 300}
BASE_ARN = "arn:aws:iam::123456789012:user/firefly-operator"
ROLE_A = "arn:aws:iam::111111111111:role/team-a"
ROLE_B = "arn:aws:iam::222222222222:role/team-b"
EXTERNAL_ID_B = "firefly-b-91d2"
NOT_TRUSTED = "arn:aws:iam::333333333333:role/not-trusted"
STACK = "boto-tenant"
TABLE = "boto-tenant-table"


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def session(**credentials):
    return boto3.session.Session(region_name="us-east-1", **credentials)


def refused(sts, code, status, message, **request):
    try:
        sts.assume_role(**request)
    except botocore.exceptions.ClientError as error:
        check(error.response["Error"]["Code"] == code, f"{request}: {error}")
        check(error.response["ResponseMetadata"]["HTTPStatusCode"] == status, f"{request}: HTTP {error.response}")
        check(error.response["Error"]["Message"] == message, f"{request}: {error.response['Error']['Message']}")
        return
    raise CheckFailed(f"AssumeRole {request} was not refused")


def assumed(sts, role_arn, session_name, account, **extra):
    reply = sts.assume_role(RoleArn=role_arn, RoleSessionName=session_name, **extra)
    credentials = reply["Credentials"]
    check(isinstance(credentials["Expiration"], datetime.datetime), f"Expiration is a timestamp: {credentials}")
    check(credentials["AccessKeyId"].startswith("ASIA"), f"a temporary key: {credentials['AccessKeyId']}")
    role_name = role_arn.rsplit("/", 1)[1]
    expected_arn = f"arn:aws:sts::{account}:assumed-role/{role_name}/{session_name}"
    check(reply["AssumedRoleUser"]["Arn"] == expected_arn, f"assumed role ARN: {reply['AssumedRoleUser']}")
    check(reply["AssumedRoleUser"]["AssumedRoleId"].endswith(":" + session_name), f"role id: {reply['AssumedRoleUser']}")
    return session(aws_access_key_id=credentials["AccessKeyId"], aws_secret_access_key=credentials["SecretAccessKey"],
                   aws_session_token=credentials["SessionToken"]), expected_arn


def main(endpoint):
    base = session(aws_access_key_id="test", aws_secret_access_key="test")
    sts = base.client("sts", endpoint_url=endpoint)
    me = sts.get_caller_identity()
    check(me["Account"] == "123456789012" and me["Arn"] == BASE_ARN, f"base identity: {me}")

    denied = f"User: {BASE_ARN} is not authorized to perform: sts:AssumeRole on resource: "
    refused(sts, "AccessDenied", 403, denied + NOT_TRUSTED, RoleArn=NOT_TRUSTED, RoleSessionName="firefly-x")
    refused(sts, "AccessDenied", 403, denied + ROLE_B, RoleArn=ROLE_B, RoleSessionName="firefly-team-b")
    refused(sts, "ValidationError", 400, "1 validation error detected: Value 'team/b' at 'roleSessionName' failed to "
            "satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
            RoleArn=ROLE_B, RoleSessionName="team/b", ExternalId=EXTERNAL_ID_B)

    teams = [
        ("111111111111",) + assumed(sts, ROLE_A, "firefly-team-a", "111111111111",
                                    Tags=[{"Key": "firefly.io/namespace", "Value": "team-a"}]),
        ("222222222222",) + assumed(sts, ROLE_B, "firefly-team-b", "222222222222", ExternalId=EXTERNAL_ID_B),
    ]
    template = TEMPLATE.read_text()
    for account, team, arn in teams:
        identity = team.client("sts", endpoint_url=endpoint).get_caller_identity()
        check(identity["Account"] == account and identity["Arn"] == arn, f"caller identity of {arn}: {identity}")
        cfn = team.client("cloudformation", endpoint_url=endpoint)
        cfn.create_stack(StackName=STACK, TemplateBody=template,
                         Parameters=[{"ParameterKey": "TableName", "ParameterValue": TABLE}])
        cfn.get_waiter("stack_create_complete").wait(StackName=STACK, WaiterConfig=WAITER)
        stacks = cfn.describe_stacks()["Stacks"]
        check([s["StackId"].split(":")[4] for s in stacks] == [account], f"{arn} sees only its account's stacks: {stacks}")
        outputs = {o["OutputKey"]: o["OutputValue"] for o in stacks[0]["Outputs"]}
        check(outputs["TableArn"] == f"arn:aws:dynamodb:us-east-1:{account}:table/{TABLE}", f"table ARN: {outputs}")
        team.client("dynamodb", endpoint_url=endpoint).put_item(TableName=TABLE, Item={"registrationKey": {"S": account}})

    for account, team, arn in teams:
        items = team.client("dynamodb", endpoint_url=endpoint).scan(TableName=TABLE)["Items"]
        check(items == [{"registrationKey": {"S": account}}], f"{arn} reads its account's table only: {items}")
    base_stacks = base.client("cloudformation", endpoint_url=endpoint).describe_stacks()["Stacks"]
    check(all(s["StackName"] != STACK for s in base_stacks), f"the default account has no {STACK}: {base_stacks}")
    print("offline AWS behaved as STS with separate accounts")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} ENDPOINT_URL")
    try:
        main(sys.argv[1])
    except (CheckFailed, botocore.exceptions.ClientError, botocore.exceptions.WaiterError) as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        sys.exit(1)

#!/usr/bin/env python3
"""Each account's own SQS queues and EventBridge bus, and an anything-but rule, driven with boto3.

Usage: offline_aws_account_events.py ENDPOINT_URL

Two roles in two accounts are assumed. Each creates a queue of the same name; team B adds a rule on its
default bus that takes CloudFormation's stack status changes except the *_IN_PROGRESS ones and targets its
queue, then creates and updates a stack: its queue receives CREATE_COMPLETE and UPDATE_COMPLETE only, with
its account in each event, and team A's queue nothing. Team A may not read team B's queue. Exits 1 with the
failed check on stderr.
"""
import json
import sys
import time

import boto3
import botocore.exceptions

ACCOUNT_A = "111111111111"
ACCOUNT_B = "222222222222"
QUEUE = "boto-settled-stacks"
STACK = "boto-settled"
WAITER = {"Delay": 0.2, "MaxAttempts": 300}
SETTLED = {
    "source": ["aws.cloudformation"],
    "detail-type": ["CloudFormation Stack Status Change"],
    "detail": {"status-details": {"status": [{"anything-but": {"suffix": "_IN_PROGRESS"}}]}},
}
TEMPLATE = """
Resources:
  Topic:
    Type: AWS::SNS::Topic
"""
UPDATED = TEMPLATE + """
  Second:
    Type: AWS::SNS::Topic
"""


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def assumed(sts, account, role):
    credentials = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{role}", RoleSessionName=f"firefly-{role}")["Credentials"]
    return boto3.session.Session(region_name="us-east-1", aws_access_key_id=credentials["AccessKeyId"],
                                 aws_secret_access_key=credentials["SecretAccessKey"],
                                 aws_session_token=credentials["SessionToken"])


def statuses_until(sqs, queue_url, last):
    """The stack statuses the queue delivers until `last`, each event checked to be of account B."""
    statuses = []
    deadline = time.time() + 30
    while last not in statuses and time.time() < deadline:
        for message in sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=2).get("Messages", []):
            event = json.loads(message["Body"])
            check(event["account"] == ACCOUNT_B, f"an event of another account: {event}")
            check(event["detail"]["stack-id"].split(":")[4] == ACCOUNT_B, f"a stack of another account: {event}")
            statuses.append(event["detail"]["status-details"]["status"])
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    return statuses


def main(endpoint):
    base = boto3.session.Session(region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
    sts = base.client("sts", endpoint_url=endpoint)
    team_a = assumed(sts, ACCOUNT_A, "team-a")
    team_b = assumed(sts, ACCOUNT_B, "team-b")
    sqs_a = team_a.client("sqs", endpoint_url=endpoint)
    sqs_b = team_b.client("sqs", endpoint_url=endpoint)
    events_a = team_a.client("events", endpoint_url=endpoint)
    events_b = team_b.client("events", endpoint_url=endpoint)

    url_a = sqs_a.create_queue(QueueName=QUEUE)["QueueUrl"]
    url_b = sqs_b.create_queue(QueueName=QUEUE)["QueueUrl"]
    check(url_a.endswith(f"/{ACCOUNT_A}/{QUEUE}") and url_b.endswith(f"/{ACCOUNT_B}/{QUEUE}"), f"queue URLs {url_a} {url_b}")
    check(sqs_b.list_queues(QueueNamePrefix=QUEUE)["QueueUrls"] == [url_b], "B lists its own queue only")
    check("QueueUrls" not in base.client("sqs", endpoint_url=endpoint).list_queues(QueueNamePrefix=QUEUE),
          "the default account has no such queue")
    arn_b = sqs_b.get_queue_attributes(QueueUrl=url_b, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    check(arn_b == f"arn:aws:sqs:us-east-1:{ACCOUNT_B}:{QUEUE}", f"queue ARN {arn_b}")

    try:
        sqs_a.receive_message(QueueUrl=url_b, WaitTimeSeconds=1)
        raise CheckFailed("team A read team B's queue")
    except botocore.exceptions.ClientError as error:
        check(error.response["Error"]["Code"] == "AccessDenied", f"unexpected error {error.response}")
        check(error.response["ResponseMetadata"]["HTTPStatusCode"] == 403, f"unexpected status {error.response}")
        check(error.response["Error"]["Message"] == f"User: arn:aws:sts::{ACCOUNT_A}:assumed-role/team-a/firefly-team-a is not "
              f"authorized to perform: sqs:receivemessage on resource: {arn_b} because no resource-based policy allows "
              "the sqs:receivemessage action", f"unexpected message {error.response['Error']['Message']}")

    rule_arn = events_b.put_rule(Name="settled-stacks", EventPattern=json.dumps(SETTLED))["RuleArn"]
    check(rule_arn == f"arn:aws:events:us-east-1:{ACCOUNT_B}:rule/settled-stacks", f"rule ARN {rule_arn}")
    events_b.put_targets(Rule="settled-stacks", Targets=[{"Id": "queue", "Arn": arn_b}])
    check(events_a.list_rules(NamePrefix="settled-stacks")["Rules"] == [], "team A sees team B's rule")
    described = events_b.describe_rule(Name="settled-stacks")
    check(json.loads(described["EventPattern"]) == SETTLED, f"the rule's pattern: {described}")

    cfn = team_b.client("cloudformation", endpoint_url=endpoint)
    cfn.create_stack(StackName=STACK, TemplateBody=TEMPLATE)
    cfn.get_waiter("stack_create_complete").wait(StackName=STACK, WaiterConfig=WAITER)
    cfn.update_stack(StackName=STACK, TemplateBody=UPDATED)
    statuses = statuses_until(sqs_b, url_b, "UPDATE_COMPLETE")
    check(statuses == ["CREATE_COMPLETE", "UPDATE_COMPLETE"], f"only settled statuses reach the queue: {statuses}")
    check("Messages" not in sqs_a.receive_message(QueueUrl=url_a, WaitTimeSeconds=1), "team B's events reached team A")
    print("offline AWS kept queues and event buses per account")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} ENDPOINT_URL")
    try:
        main(sys.argv[1])
    except (CheckFailed, botocore.exceptions.ClientError, botocore.exceptions.WaiterError) as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        sys.exit(1)

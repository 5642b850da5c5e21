#!/usr/bin/env python3
"""CloudFormation's stack events routed to an SQS queue by an EventBridge rule, driven with boto3.

Usage: offline_aws_events.py ENDPOINT_URL

Creates a queue and a rule for "CloudFormation Stack Status Change" events that targets it, creates a
stack, and long-polls the queue until the stack's CREATE_COMPLETE event arrives, checking the events'
shape on the way; then checks what SQS answers for a queue that does not exist. Exits 1 with the failed
check on stderr.
"""
import json
import sys
import time

import boto3

PATTERN = {"source": ["aws.cloudformation"], "detail-type": ["CloudFormation Stack Status Change"]}
TEMPLATE = """
Resources:
  Topic:
    Type: AWS::SNS::Topic
"""


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def main(endpoint):
    session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
    sqs = session.client("sqs", endpoint_url=endpoint)
    events = session.client("events", endpoint_url=endpoint)
    cfn = session.client("cloudformation", endpoint_url=endpoint)

    queue_url = sqs.create_queue(QueueName="boto-stack-events")["QueueUrl"]
    check(sqs.get_queue_url(QueueName="boto-stack-events")["QueueUrl"] == queue_url, "GetQueueUrl names another URL")
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    check(queue_arn == "arn:aws:sqs:us-east-1:123456789012:boto-stack-events", f"unexpected queue ARN {queue_arn}")

    rule_arn = events.put_rule(Name="boto-stack-events", EventPattern=json.dumps(PATTERN))["RuleArn"]
    check(rule_arn.endswith(":rule/boto-stack-events"), f"unexpected rule ARN {rule_arn}")
    put = events.put_targets(Rule="boto-stack-events", Targets=[{"Id": "queue", "Arn": queue_arn}])
    check(put["FailedEntryCount"] == 0, f"PutTargets failed: {put}")
    targets = events.list_targets_by_rule(Rule="boto-stack-events")["Targets"]
    check(targets == [{"Id": "queue", "Arn": queue_arn}], f"unexpected targets {targets}")

    stack_id = cfn.create_stack(StackName="boto-events", TemplateBody=TEMPLATE)["StackId"]
    statuses = []
    deadline = time.time() + 30
    while "CREATE_COMPLETE" not in statuses and time.time() < deadline:
        received = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=5)
        messages = received.get("Messages", [])
        for message in messages:
            event = json.loads(message["Body"])
            check(event["source"] == "aws.cloudformation", f"unexpected source in {event}")
            check(event["detail-type"] == "CloudFormation Stack Status Change", f"unexpected detail-type in {event}")
            check(event["account"] == "123456789012" and event["region"] == "us-east-1", f"unexpected account or region in {event}")
            check(event["resources"] == [stack_id], f"the event names another stack: {event}")
            check(event["detail"]["stack-id"] == stack_id, f"the detail names another stack: {event}")
            statuses.append(event["detail"]["status-details"]["status"])
        if messages:
            entries = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]
            deleted = sqs.delete_message_batch(QueueUrl=queue_url, Entries=entries)
            check(len(deleted.get("Successful", [])) == len(messages), f"DeleteMessageBatch failed: {deleted}")
    check(statuses == ["CREATE_IN_PROGRESS", "CREATE_COMPLETE"], f"unexpected stack statuses {statuses}")

    sqs.send_message(QueueUrl=queue_url, MessageBody="hello")
    left = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=1)["Messages"]
    check([m["Body"] for m in left] == ["hello"], f"the deleted events came back: {left}")

    try:
        sqs.get_queue_url(QueueName="no-such-queue")
        raise CheckFailed("GetQueueUrl found a queue that does not exist")
    except sqs.exceptions.QueueDoesNotExist as error:
        check(error.response["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue", f"unexpected error {error.response}")
    print("offline AWS delivered stack events through EventBridge and SQS")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} ENDPOINT_URL")
    try:
        main(sys.argv[1])
    except CheckFailed as failed:
        print(f"check failed: {failed}", file=sys.stderr)
        sys.exit(1)

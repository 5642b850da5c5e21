"""Runs the functions' InlineCode, exactly as the templates carry it, against an in-memory DynamoDB.

The tables are created from the key schemas in the table templates, so a handler that reads the
wrong attribute fails here. Needs boto3, moto and PyYAML:  python3 examples/firefly/tests/handlers_test.py
"""
import json
import os
import pathlib
import time
import types
import unittest

import boto3
import yaml
from moto import mock_aws

TEMPLATES = pathlib.Path(__file__).resolve().parent.parent / "templates"


def template(name):
    return yaml.safe_load((TEMPLATES / f"{name}.yaml").read_text())


def only_resource(name):
    (resource,) = template(name)["Resources"].values()
    return resource["Properties"]


def create_table(name, table_template):
    properties = only_resource(table_template)
    boto3.client("dynamodb").create_table(
        TableName=name,
        KeySchema=properties["KeySchema"],
        AttributeDefinitions=properties["AttributeDefinitions"],
        BillingMode=properties["BillingMode"],
    )
    return boto3.resource("dynamodb").Table(name)


def load_function(name, table_name):
    """Imports a function's InlineCode as a module, with TABLE_NAME set as the template sets it."""
    os.environ["TABLE_NAME"] = table_name
    module = types.ModuleType(name)
    exec(compile(only_resource(name)["InlineCode"], f"{name}/index.py", "exec"), module.__dict__)
    return module.handler


def api_event(body=None, path_parameters=None):
    return {"body": None if body is None else json.dumps(body), "pathParameters": path_parameters}


class FunctionsTest(unittest.TestCase):
    def setUp(self):
        os.environ.update(AWS_DEFAULT_REGION="us-east-1", AWS_ACCESS_KEY_ID="testing",
                          AWS_SECRET_ACCESS_KEY="testing")
        self.aws = mock_aws()
        self.aws.start()
        self.keys = create_table("firefly-registration-keys", "dynamodb-registration-keys")
        self.users = create_table("firefly-users", "dynamodb-users")

    def tearDown(self):
        self.aws.stop()

    def test_registration_key_post_stores_a_key_that_expires_in_30_minutes(self):
        post = load_function("func-api-registration-keys-post", "firefly-registration-keys")
        response = post(api_event(), None)
        self.assertEqual(201, response["statusCode"])
        issued = json.loads(response["body"])
        stored = self.keys.get_item(Key={"registrationKey": issued["registrationKey"]})["Item"]
        self.assertAlmostEqual(time.time() + 1800, int(stored["expiresAt"]), delta=5)
        self.assertEqual(issued["expiresAt"], int(stored["expiresAt"]))

    def test_registration_key_get_hides_expired_keys_that_ttl_has_not_deleted_yet(self):
        now = int(time.time())
        self.keys.put_item(Item={"registrationKey": "fresh", "expiresAt": now + 600})
        self.keys.put_item(Item={"registrationKey": "expired", "expiresAt": now - 60})
        get = load_function("func-api-registration-keys-get", "firefly-registration-keys")
        response = get(api_event(), None)
        self.assertEqual(200, response["statusCode"])
        listed = [key["registrationKey"] for key in json.loads(response["body"])["registrationKeys"]]
        self.assertEqual(["fresh"], listed)

    def test_devices_register_consumes_a_valid_key_once(self):
        self.keys.put_item(Item={"registrationKey": "k1", "expiresAt": int(time.time()) + 600})
        register = load_function("func-api-devices-register-post", "firefly-registration-keys")
        first = register(api_event({"registrationKey": "k1", "deviceId": "d1"}), None)
        self.assertEqual(200, first["statusCode"])
        self.assertNotIn("Item", self.keys.get_item(Key={"registrationKey": "k1"}))
        second = register(api_event({"registrationKey": "k1", "deviceId": "d2"}), None)
        self.assertEqual(403, second["statusCode"])

    def test_devices_register_refuses_expired_and_missing_keys(self):
        self.keys.put_item(Item={"registrationKey": "old", "expiresAt": int(time.time()) - 1})
        register = load_function("func-api-devices-register-post", "firefly-registration-keys")
        self.assertEqual(403, register(api_event({"registrationKey": "old"}), None)["statusCode"])
        self.assertEqual(400, register(api_event({}), None)["statusCode"])

    def test_pre_signup_admits_invited_addresses_and_rejects_others(self):
        self.users.put_item(Item={"email": "ada@example.com"})
        pre_signup = load_function("func-cognito-pre-signup", "firefly-users")
        invited = {"request": {"userAttributes": {"email": "Ada@Example.com"}}, "response": {}}
        self.assertIs(invited, pre_signup(invited, None))
        stranger = {"request": {"userAttributes": {"email": "eve@example.com"}}, "response": {}}
        with self.assertRaisesRegex(Exception, "invitation only"):
            pre_signup(stranger, None)

    def test_users_post_and_delete_edit_the_allowlist(self):
        post = load_function("func-api-users-post", "firefly-users")
        self.assertEqual(201, post(api_event({"email": " Bob@Example.com "}), None)["statusCode"])
        self.assertIn("Item", self.users.get_item(Key={"email": "bob@example.com"}))
        self.assertEqual(400, post(api_event({"email": "not-an-address"}), None)["statusCode"])

        delete = load_function("func-api-users-delete", "firefly-users")
        response = delete(api_event(path_parameters={"email": "bob@example.com"}), None)
        self.assertEqual(200, response["statusCode"])
        self.assertNotIn("Item", self.users.get_item(Key={"email": "bob@example.com"}))


if __name__ == "__main__":
    unittest.main(verbosity=2)

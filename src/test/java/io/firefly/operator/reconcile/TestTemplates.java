package io.firefly.operator.reconcile;

/** Small CloudFormation templates in the shape of the firefly stacks, with names chosen by each test. */
final class TestTemplates {
    private TestTemplates() {
    }

    /** A table stack like dynamodb-registration-keys: importable (DeletionPolicy), with Outputs. */
    static String table(String tableName, boolean deletionProtection) {
        return """
                AWSTemplateFormatVersion: "2010-09-09"
                Description: test table
                Parameters:
                  Label:
                    Type: String
                    Default: one
                Resources:
                  KeysTable:
                    Type: AWS::DynamoDB::Table
                    DeletionPolicy: Delete
                    UpdateReplacePolicy: Retain
                    Properties:
                      TableName: %s
                      BillingMode: PAY_PER_REQUEST
                      AttributeDefinitions:
                        - AttributeName: registrationKey
                          AttributeType: S
                      KeySchema:
                        - AttributeName: registrationKey
                          KeyType: HASH
                      TimeToLiveSpecification:
                        AttributeName: expiresAt
                        Enabled: true
                      DeletionProtectionEnabled: %s
                      Tags:
                        - Key: label
                          Value: !Ref Label
                Outputs:
                  TableName:
                    Value: !Ref KeysTable
                  TableArn:
                    Value: !GetAtt KeysTable.Arn
                """.formatted(tableName, deletionProtection);
    }

    /** A Lambda stack like func-api-users-post: SAM, granted one action on the table it is given. */
    static String function(String action) {
        return """
                AWSTemplateFormatVersion: "2010-09-09"
                Transform: AWS::Serverless-2016-10-31
                Parameters:
                  TableName:
                    Type: String
                  TableArn:
                    Type: String
                Resources:
                  Function:
                    Type: AWS::Serverless::Function
                    Properties:
                      Runtime: python3.12
                      Handler: index.handler
                      InlineCode: |
                        def handler(event, context):
                            return {"statusCode": 200}
                      Environment:
                        Variables:
                          TABLE_NAME: !Ref TableName
                      Policies:
                        - Statement:
                            - Effect: Allow
                              Action: %s
                              Resource: !Ref TableArn
                Outputs:
                  FunctionArn:
                    Value: !GetAtt Function.Arn
                """.formatted(action);
    }
}

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

    /**
     * Resource lines for topics Step0..Step(length-1), each created after the one before and the first
     * after {@code after} (none when null): the offline AWS creates them one at a time, so the stack stays
     * in progress long enough for a test to act meanwhile.
     */
    static String topicChain(String after, int length) {
        StringBuilder chain = new StringBuilder();
        String previous = after;
        for (int i = 0; i < length; i++) {
            chain.append("  Step%d:\n    Type: AWS::SNS::Topic\n".formatted(i));
            if (previous != null) {
                chain.append("    DependsOn: %s\n".formatted(previous));
            }
            previous = "Step" + i;
        }
        return chain.toString();
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

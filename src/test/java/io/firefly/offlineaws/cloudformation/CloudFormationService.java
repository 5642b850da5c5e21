package io.firefly.offlineaws.cloudformation;

import com.sun.net.httpserver.Headers;
import io.firefly.offlineaws.control.Identity;
import io.firefly.offlineaws.http.AwsService;
import io.firefly.offlineaws.http.CredentialProblem;
import io.firefly.offlineaws.http.Outcome;
import io.firefly.offlineaws.http.QueryRequest;
import io.firefly.offlineaws.http.XmlWriter;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The CloudFormation Query API: reads the form parameters of each action, calls the {@link StackEngine} of
 * the caller's account and writes the XML reply (or the XML error) exactly in the shape AWS uses.
 */
public final class CloudFormationService implements AwsService<QueryRequest> {

    static final String XMLNS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
    private static final String XML = "text/xml";

    private final Function<String, StackEngine> engineOfAccount;

    /** @param engineOfAccount the stacks of an account, by account id */
    public CloudFormationService(Function<String, StackEngine> engineOfAccount) {
        this.engineOfAccount = engineOfAccount;
    }

    @Override
    public String name() {
        return "cloudformation";
    }

    @Override
    public QueryRequest read(Headers headers, byte[] body) {
        return QueryRequest.parse(new String(body, StandardCharsets.UTF_8));
    }

    @Override
    public Outcome throttled(QueryRequest call, Identity caller) {
        return error(CloudFormationError.throttling(), subject(engineOfAccount.apply(caller.accountId()), call));
    }

    @Override
    public Outcome unservedRegion(QueryRequest call, Identity caller, String signedRegion) {
        return error(CloudFormationError.unservedRegion(signedRegion), subject(engineOfAccount.apply(caller.accountId()), call));
    }

    @Override
    public Outcome unauthenticated(QueryRequest call, Identity caller, CredentialProblem problem) {
        return error(CloudFormationError.unauthenticated(problem),
                subject(engineOfAccount.apply(caller.accountId()), call));
    }

    @Override
    public Outcome handle(QueryRequest call, Identity caller) {
        StackEngine engine = engineOfAccount.apply(caller.accountId());
        CallSubject subject = subject(engine, call);
        try {
            XmlWriter result = new XmlWriter();
            switch (call.action()) {
                case "CreateChangeSet" -> createChangeSet(engine, call, result);
                case "DescribeChangeSet" -> result.raw(changeSetXml(engine.describeChangeSet(
                        required(call, "ChangeSetName"), call.value("StackName"))));
                case "ExecuteChangeSet" -> engine.executeChangeSet(required(call, "ChangeSetName"), call.value("StackName"),
                        call.flag("DisableRollback"));
                case "DeleteChangeSet" -> engine.deleteChangeSet(required(call, "ChangeSetName"), call.value("StackName"));
                case "ListChangeSets" -> result.list("Summaries", engine.listChangeSets(required(call, "StackName")),
                        QueryReplies::changeSetSummary);
                case "CreateStack" -> result.element("StackId", engine.createStack(deployRequest(call, "CREATE")));
                case "UpdateStack" -> result.element("StackId", engine.updateStack(deployRequest(call, "UPDATE")));
                case "DeleteStack" -> engine.deleteStack(required(call, "StackName"), call.list("RetainResources"));
                case "DescribeStacks" -> describeStacks(engine, call, result);
                case "ListStacks" -> listStacks(engine, call, result);
                case "DescribeStackEvents" -> describeStackEvents(engine, call, result);
                case "DescribeStackResources" -> result.list("StackResources", engine.describeStackResources(
                        call.value("StackName"), call.value("LogicalResourceId"), call.value("PhysicalResourceId")),
                        (out, r) -> QueryReplies.resource(out, r, "Timestamp"));
                case "DescribeStackResource" -> {
                    result.start("StackResourceDetail");
                    QueryReplies.resource(result, engine.describeStackResource(required(call, "StackName"),
                            required(call, "LogicalResourceId")), "LastUpdatedTimestamp");
                    result.end();
                }
                case "ListStackResources" -> result.list("StackResourceSummaries", engine.describeStackResources(
                        required(call, "StackName"), null, null), (out, r) -> QueryReplies.resource(out, r, "LastUpdatedTimestamp"));
                case "GetTemplate" -> result.element("TemplateBody", engine.getTemplate(call.value("StackName"),
                        call.value("ChangeSetName"), call.value("TemplateStage"))).values("StagesAvailable", List.of("Original", "Processed"));
                case "ValidateTemplate" -> validateTemplate(engine.validateTemplate(call.value("TemplateBody"),
                        call.value("TemplateURL")), result);
                case "GetTemplateSummary" -> templateSummary(engine.templateSummary(call.value("TemplateBody"),
                        call.value("TemplateURL"), call.value("StackName")), result);
                case "DetectStackDrift" -> result.element("StackDriftDetectionId",
                        engine.detectStackDrift(required(call, "StackName"), call.list("LogicalResourceIds")));
                case "DescribeStackDriftDetectionStatus" -> QueryReplies.driftDetectionStatus(result,
                        engine.describeStackDriftDetectionStatus(required(call, "StackDriftDetectionId")));
                case "DescribeStackResourceDrifts" -> describeStackResourceDrifts(engine, call, result);
                case "ContinueUpdateRollback" -> engine.continueUpdateRollback(required(call, "StackName"),
                        call.list("ResourcesToSkip"));
                default -> throw CloudFormationError.invalidAction(call.action());
            }
            return success(call.action(), result, subject);
        } catch (CloudFormationError e) {
            return error(e, subject);
        }
    }

    private static void createChangeSet(StackEngine engine, QueryRequest call, XmlWriter out) {
        required(call, "StackName");
        StackEngine.ChangeSetIds ids = engine.createChangeSet(deployRequest(call, call.value("ChangeSetType")));
        out.element("Id", ids.changeSetId()).element("StackId", ids.stackId());
    }

    private static String changeSetXml(ChangeSetView view) {
        XmlWriter out = new XmlWriter();
        QueryReplies.changeSet(out, view);
        return out.toString();
    }

    private static void describeStacks(StackEngine engine, QueryRequest call, XmlWriter out) {
        Page<StackView> page = engine.describeStacks(call.value("StackName"), call.value("NextToken"));
        out.list("Stacks", page.items(), QueryReplies::stack).element("NextToken", page.nextToken());
    }

    private static void listStacks(StackEngine engine, QueryRequest call, XmlWriter out) {
        Page<StackView> page = engine.listStacks(call.list("StackStatusFilter"), call.value("NextToken"));
        out.list("StackSummaries", page.items(), QueryReplies::stackSummary).element("NextToken", page.nextToken());
    }

    private static void describeStackEvents(StackEngine engine, QueryRequest call, XmlWriter out) {
        Page<StackEvent> page = engine.describeStackEvents(required(call, "StackName"), call.value("NextToken"));
        out.list("StackEvents", page.items(), QueryReplies::event).element("NextToken", page.nextToken());
    }

    private static void describeStackResourceDrifts(StackEngine engine, QueryRequest call, XmlWriter out) {
        Integer maxResults = call.get("MaxResults").map(CloudFormationService::integer).orElse(null);
        Page<ResourceDrift> page = engine.describeStackResourceDrifts(required(call, "StackName"),
                call.list("StackResourceDriftStatusFilters"), maxResults, call.value("NextToken"));
        out.list("StackResourceDrifts", page.items(), QueryReplies::resourceDrift).element("NextToken", page.nextToken());
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw CloudFormationError.validation("Value '" + value + "' is not an integer");
        }
    }

    private static void validateTemplate(TemplateSummary summary, XmlWriter out) {
        QueryReplies.templateParameters(out, summary.parameters(), false);
        out.element("Description", summary.description())
                .values("Capabilities", summary.capabilities())
                .element("CapabilitiesReason", summary.capabilitiesReason())
                .values("DeclaredTransforms", summary.transforms());
    }

    private static void templateSummary(TemplateSummary summary, XmlWriter out) {
        QueryReplies.templateParameters(out, summary.parameters(), true);
        out.element("Description", summary.description())
                .values("Capabilities", summary.capabilities())
                .element("CapabilitiesReason", summary.capabilitiesReason())
                .values("ResourceTypes", summary.resourceTypes())
                .element("Version", summary.version())
                .values("DeclaredTransforms", summary.transforms())
                .list("ResourceIdentifierSummaries", summary.identifiers().values(), (o, s) -> o
                        .element("ResourceType", s.resourceType())
                        .values("LogicalResourceIds", s.logicalIds())
                        .values("ResourceIdentifiers", List.of(s.identifierProperty())));
    }

    private static DeployRequest deployRequest(QueryRequest call, String type) {
        List<ParameterInput> parameters = call.members("Parameters").stream()
                .map(p -> new ParameterInput(p.value("ParameterKey"), p.value("ParameterValue"), p.flag("UsePreviousValue")))
                .toList();
        List<ResourceToImport> imports = call.members("ResourcesToImport").stream()
                .map(r -> new ResourceToImport(r.value("ResourceType"), r.value("LogicalResourceId"), r.map("ResourceIdentifier")))
                .toList();
        Map<String, String> tags = null;
        if (call.has("Tags") || !call.members("Tags").isEmpty()) {
            tags = new LinkedHashMap<>();
            for (QueryRequest tag : call.members("Tags")) {
                tags.put(tag.value("Key"), tag.value("Value"));
            }
        }
        List<String> notifications = call.has("NotificationARNs") || !call.list("NotificationARNs").isEmpty()
                ? call.list("NotificationARNs") : null;
        boolean disableRollback = call.flag("DisableRollback") || "DO_NOTHING".equals(call.value("OnFailure"));
        return new DeployRequest(call.value("StackName"), call.value("ChangeSetName"), type, call.value("TemplateBody"),
                call.value("TemplateURL"), call.flag("UsePreviousTemplate"), parameters, call.list("Capabilities"), tags,
                call.value("RoleARN"), notifications, call.value("Description"), imports,
                Optional.ofNullable(call.value("ClientToken")).orElse(call.value("ClientRequestToken")), disableRollback,
                call.flag("EnableTerminationProtection"));
    }

    private static String required(QueryRequest call, String name) {
        return call.get(name).orElseThrow(() ->
                CloudFormationError.missing(Character.toLowerCase(name.charAt(0)) + name.substring(1)));
    }

    private static CallSubject subject(StackEngine engine, QueryRequest call) {
        return engine.subjectOf(call.value("StackName"), call.value("ChangeSetName"), call.value("ChangeSetType"),
                call.action().equals("CreateChangeSet"));
    }

    private static Outcome success(String action, XmlWriter result, CallSubject subject) {
        XmlWriter doc = new XmlWriter().start(action + "Response", XMLNS);
        String content = result.toString();
        if (content.isEmpty()) {
            doc.start(action + "Result").end();
        } else {
            doc.start(action + "Result");
            doc.raw(content);
            doc.end();
        }
        doc.start("ResponseMetadata").element("RequestId", UUID.randomUUID()).end().end();
        return Outcome.of(200, XML, doc.toString(), null).concerning(subject.stackName(), subject.changeSetName(), subject.changeSetType());
    }

    private static Outcome error(CloudFormationError e, CallSubject subject) {
        XmlWriter doc = new XmlWriter().start("ErrorResponse", XMLNS)
                .start("Error")
                .element("Type", "Sender")
                .element("Code", e.code())
                .element("Message", e.getMessage())
                .end()
                .element("RequestId", UUID.randomUUID())
                .end();
        return Outcome.of(e.status(), XML, doc.toString(), e.code())
                .concerning(subject.stackName(), subject.changeSetName(), subject.changeSetType());
    }
}

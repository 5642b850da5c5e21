package io.firefly.offlineaws.cloudformation;

import com.sun.net.httpserver.Headers;
import io.firefly.offlineaws.http.AwsService;
import io.firefly.offlineaws.http.Outcome;
import io.firefly.offlineaws.http.QueryRequest;
import io.firefly.offlineaws.http.XmlWriter;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The CloudFormation Query API: reads the form parameters of each action, calls the {@link StackEngine}
 * and writes the XML reply (or the XML error) exactly in the shape AWS uses.
 */
public final class CloudFormationService implements AwsService<QueryRequest> {

    static final String XMLNS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
    private static final String XML = "text/xml";

    private final StackEngine engine;

    public CloudFormationService(StackEngine engine) {
        this.engine = engine;
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
    public Outcome throttled(QueryRequest call) {
        return error(CloudFormationError.throttling(), subject(call));
    }

    @Override
    public Outcome handle(QueryRequest call) {
        CallSubject subject = subject(call);
        try {
            XmlWriter result = new XmlWriter();
            switch (call.action()) {
                case "DescribeStacks" -> describeStacks(call, result);
                default -> throw CloudFormationError.invalidAction(call.action());
            }
            return success(call.action(), result, subject);
        } catch (CloudFormationError e) {
            return error(e, subject);
        }
    }

    private void describeStacks(QueryRequest call, XmlWriter out) {
        String name = call.value("StackName");
        if (name != null) {
            throw CloudFormationError.stackNotFound(name);
        }
        out.start("Stacks").end();
    }

    private CallSubject subject(QueryRequest call) {
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

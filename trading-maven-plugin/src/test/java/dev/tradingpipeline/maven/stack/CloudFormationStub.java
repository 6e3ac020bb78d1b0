package dev.tradingpipeline.maven.stack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.AwsSettings;
import dev.tradingpipeline.maven.testing.TestAws;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-process WireMock answering CloudFormation's query protocol (form-encoded POSTs, XML
 * answers) as CloudFormation does, and the plugin's own clients pointed at it.
 */
final class CloudFormationStub implements AutoCloseable {

    static final String NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
    static final String STACK = "quant";
    static final String STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/quant/5e6b-77aa";
    static final String CHANGE_SET_ID = "arn:aws:cloudformation:us-east-1:123456789012:changeSet/trading-setup/0c1d";

    final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    final AwsClients clients;

    CloudFormationStub() {
        server.start();
        URI endpoint = URI.create(server.baseUrl());
        clients = TestAws.clients(AwsSettings.defaults().withCloudFormationEndpoint(endpoint)
                .withEmrServerlessEndpoint(endpoint).withEcrEndpoint(endpoint));
    }

    /** A CloudFormation call: a POST to / whose form names the action. */
    static MappingBuilder action(String action) {
        return post(urlPathEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
    }

    static ResponseDefinitionBuilder xml(String action, String result) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody("<" + action + "Response xmlns=\"" + NS + "\">"
                        + (result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>")
                        + "<ResponseMetadata><RequestId>7d3a</RequestId></ResponseMetadata></" + action + "Response>");
    }

    static ResponseDefinitionBuilder error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withBody("<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code + "</Code>"
                        + "<Message>" + message + "</Message></Error><RequestId>7d3b</RequestId></ErrorResponse>");
    }

    static ResponseDefinitionBuilder noSuchStack(String name) {
        return error(400, "ValidationError", "Stack with id " + name + " does not exist");
    }

    static ResponseDefinitionBuilder stacks(String status, Map<String, String> outputs) {
        StringBuilder o = new StringBuilder();
        outputs.forEach((k, v) -> o.append("<member><OutputKey>").append(k).append("</OutputKey><OutputValue>")
                .append(v).append("</OutputValue></member>"));
        return xml("DescribeStacks", "<Stacks><member><StackName>" + STACK + "</StackName><StackId>" + STACK_ID
                + "</StackId><CreationTime>2024-03-05T14:00:00Z</CreationTime><StackStatus>" + status
                + "</StackStatus><Outputs>" + o + "</Outputs></member></Stacks>");
    }

    static ResponseDefinitionBuilder changeSet(String status, String reason, String... changes) {
        StringBuilder c = new StringBuilder();
        for (String change : changes) {
            c.append("<member><Type>Resource</Type>").append(change).append("</member>");
        }
        return xml("DescribeChangeSet", "<ChangeSetName>trading-setup</ChangeSetName><ChangeSetId>" + CHANGE_SET_ID
                + "</ChangeSetId><StackId>" + STACK_ID + "</StackId><StackName>" + STACK + "</StackName><Status>"
                + status + "</Status>" + (reason == null ? "" : "<StatusReason>" + reason + "</StatusReason>")
                + "<ExecutionStatus>" + (status.equals("CREATE_COMPLETE") ? "AVAILABLE" : "UNAVAILABLE")
                + "</ExecutionStatus><Changes>" + c + "</Changes>");
    }

    /** A ResourceChange: action, logical id, type, physical id (or null), replacement (or null). */
    static String change(String action, String logicalId, String type, String physicalId, String replacement) {
        return "<ResourceChange><Action>" + action + "</Action><LogicalResourceId>" + logicalId
                + "</LogicalResourceId>" + (physicalId == null ? "" : "<PhysicalResourceId>" + physicalId
                        + "</PhysicalResourceId>") + "<ResourceType>" + type + "</ResourceType>"
                + (replacement == null ? "" : "<Replacement>" + replacement + "</Replacement>") + "</ResourceChange>";
    }

    static ResponseDefinitionBuilder created() {
        return xml("CreateChangeSet", "<Id>" + CHANGE_SET_ID + "</Id><StackId>" + STACK_ID + "</StackId>");
    }

    /** A stack event: id, time (HH:mm:ss on 2024-03-05), logical id, type, status, reason or null. */
    static String event(String id, String time, String logicalId, String type, String status, String reason) {
        String physical = type.equals("AWS::CloudFormation::Stack") ? STACK_ID : logicalId.toLowerCase() + "-phys";
        return "<member><StackId>" + STACK_ID + "</StackId><EventId>" + id + "</EventId><StackName>" + STACK
                + "</StackName><LogicalResourceId>" + logicalId + "</LogicalResourceId><PhysicalResourceId>"
                + physical + "</PhysicalResourceId><ResourceType>" + type + "</ResourceType><Timestamp>2024-03-05T"
                + time + ".123Z</Timestamp><ResourceStatus>" + status + "</ResourceStatus>"
                + (reason == null ? "" : "<ResourceStatusReason>" + reason + "</ResourceStatusReason>") + "</member>";
    }

    /** Events, given oldest first as one reads them; CloudFormation answers newest first. */
    static ResponseDefinitionBuilder events(String... oldestFirst) {
        List<String> newestFirst = new ArrayList<>(List.of(oldestFirst));
        Collections.reverse(newestFirst);
        return xml("DescribeStackEvents", "<StackEvents>" + String.join("", newestFirst) + "</StackEvents>");
    }

    /** The CloudFormation actions called, in order. */
    List<String> actions() {
        List<ServeEvent> served = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(served);
        List<String> actions = new ArrayList<>();
        for (ServeEvent e : served) {
            String action = form(e.getRequest()).get("Action");
            if (action != null) {
                actions.add(action);
            }
        }
        return actions;
    }

    /** The requests of one action, in order, as decoded forms. */
    List<Map<String, String>> requests(String action) {
        List<ServeEvent> served = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(served);
        List<Map<String, String>> forms = new ArrayList<>();
        for (ServeEvent e : served) {
            Map<String, String> form = form(e.getRequest());
            if (action.equals(form.get("Action"))) {
                forms.add(form);
            }
        }
        return forms;
    }

    static Map<String, String> form(LoggedRequest r) {
        Map<String, String> form = new LinkedHashMap<>();
        String body = r.getBodyAsString();
        if (body == null || body.isEmpty() || body.startsWith("{")) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(k, v);
        }
        return form;
    }

    @Override
    public void close() {
        clients.close();
        server.stop();
    }
}

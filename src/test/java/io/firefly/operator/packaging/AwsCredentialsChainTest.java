package io.firefly.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The operator's AWS SDK default credentials chain picks up what EKS puts into the pod for the
 * two ways docs/install.md describes: IRSA (a web identity token traded at STS) and EKS Pod
 * Identity (a container credentials endpoint). The AWS endpoints are played by a local server;
 * the SDK reads the same settings from system properties as from the pod's environment.
 */
class AwsCredentialsChainTest {
    private static final List<String> SETTINGS = List.of(
            "aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken", "aws.region",
            "aws.webIdentityTokenFile", "aws.roleArn", "aws.roleSessionName", "aws.endpointUrlSts",
            "aws.containerCredentialsFullUri", "aws.containerAuthorizationToken",
            "aws.sharedCredentialsFile", "aws.configFile");

    @TempDir
    Path workDir;

    private final Map<String, String> saved = new HashMap<>();
    private final Map<String, String> requests = new ConcurrentHashMap<>();
    private HttpServer aws;

    @BeforeEach
    void isolateFromTheMachinesCredentials() throws IOException {
        for (String setting : SETTINGS) {
            saved.put(setting, System.getProperty(setting));
            System.clearProperty(setting);
        }
        Path empty = Files.writeString(workDir.resolve("empty-aws-config"), "");
        System.setProperty("aws.sharedCredentialsFile", empty.toString());
        System.setProperty("aws.configFile", empty.toString());
        System.setProperty("aws.region", "eu-west-1");

        aws = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        aws.createContext("/", this::answerAssumeRoleWithWebIdentity);
        aws.createContext("/pod-identity", this::answerPodIdentity);
        aws.start();
    }

    @AfterEach
    void restore() {
        aws.stop(0);
        saved.forEach((setting, value) -> {
            if (value == null) {
                System.clearProperty(setting);
            } else {
                System.setProperty(setting, value);
            }
        });
    }

    @Test
    void irsaWebIdentityTokenIsExchangedAtStsForTheServiceAccountsRole() throws IOException {
        String roleArn = "arn:aws:iam::123456789012:role/firefly-operator";
        Path token = Files.writeString(workDir.resolve("token"), "projected-service-account-token");
        System.setProperty("aws.webIdentityTokenFile", token.toString());
        System.setProperty("aws.roleArn", roleArn);
        System.setProperty("aws.endpointUrlSts", endpoint("/"));

        AwsCredentials credentials = resolve();

        assertThat(credentials.accessKeyId()).isEqualTo("ASIAIRSAFIREFLY");
        assertThat(requests.get("/sts"))
                .contains("Action=AssumeRoleWithWebIdentity")
                .contains("RoleArn=" + roleArn)
                .contains("WebIdentityToken=projected-service-account-token");
    }

    @Test
    void eksPodIdentityAgentCredentialsAreUsedWithNothingInThePodSpec() {
        System.setProperty("aws.containerCredentialsFullUri", endpoint("/pod-identity"));
        System.setProperty("aws.containerAuthorizationToken", "pod-identity-token");

        AwsCredentials credentials = resolve();

        assertThat(credentials.accessKeyId()).isEqualTo("ASIAPODIDENTITY");
        assertThat(requests.get("/pod-identity")).isEqualTo("Authorization: pod-identity-token");
    }

    private static AwsCredentials resolve() {
        try (DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build()) {
            return chain.resolveCredentials();
        }
    }

    private String endpoint(String path) {
        return "http://127.0.0.1:" + aws.getAddress().getPort() + path;
    }

    private void answerAssumeRoleWithWebIdentity(HttpExchange exchange) throws IOException {
        requests.put("/sts", URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                StandardCharsets.UTF_8));
        respond(exchange, "text/xml", """
                <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleWithWebIdentityResult>
                    <Credentials>
                      <AccessKeyId>ASIAIRSAFIREFLY</AccessKeyId>
                      <SecretAccessKey>irsa-secret</SecretAccessKey>
                      <SessionToken>irsa-session</SessionToken>
                      <Expiration>2099-01-01T00:00:00Z</Expiration>
                    </Credentials>
                    <AssumedRoleUser>
                      <AssumedRoleId>AROAFIREFLY:operator</AssumedRoleId>
                      <Arn>arn:aws:sts::123456789012:assumed-role/firefly-operator/operator</Arn>
                    </AssumedRoleUser>
                  </AssumeRoleWithWebIdentityResult>
                  <ResponseMetadata><RequestId>firefly-1</RequestId></ResponseMetadata>
                </AssumeRoleWithWebIdentityResponse>
                """);
    }

    private void answerPodIdentity(HttpExchange exchange) throws IOException {
        requests.put("/pod-identity", "Authorization: " + exchange.getRequestHeaders().getFirst("Authorization"));
        respond(exchange, "application/json", """
                {"AccessKeyId": "ASIAPODIDENTITY", "SecretAccessKey": "pod-secret", "Token": "pod-session",
                 "Expiration": "2099-01-01T00:00:00Z"}
                """);
    }

    private static void respond(HttpExchange exchange, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}

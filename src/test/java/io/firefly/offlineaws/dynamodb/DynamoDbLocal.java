package io.firefly.offlineaws.dynamodb;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

/**
 * Amazon's DynamoDB Local, in this JVM, in memory, on a free loopback port. Without -sharedDb it keeps one
 * database per access key and region of the requests: the offline AWS signs every request it sends here
 * with its account's key ({@link TableStore#localAccessKey}), whatever key the client signed with, so each
 * account has its own tables.
 */
public final class DynamoDbLocal implements AutoCloseable {

    private static final int ATTEMPTS = 3;

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private DynamoDbLocal(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    public static DynamoDbLocal start() {
        RuntimeException last = null;
        // the free port is found before DynamoDB Local binds it, so another process may take it first: retry
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = freePort();
            try {
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                        new String[]{"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
                server.start();
                return new DynamoDbLocal(server, port);
            } catch (Exception e) {
                last = new IllegalStateException("DynamoDB Local did not start on port " + port, e);
            }
        }
        throw last;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop", e);
        }
    }
}

package io.firefly.offlineaws.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.firefly.offlineaws.control.AwsCall;
import io.firefly.offlineaws.control.CallLog;
import io.firefly.offlineaws.control.Faults;
import io.firefly.offlineaws.control.Identity;
import io.firefly.offlineaws.control.TransportFault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one HTTP endpoint on 127.0.0.1. Requests of the JSON protocol services (DynamoDB, SQS, EventBridge)
 * are told apart by the prefix of their {@code X-Amz-Target} header; Query requests by the service of their
 * SigV4 credential scope (STS signs as {@code sts}), and everything else is a CloudFormation Query request.
 * Like AWS's regional endpoints it serves one region, and a request signed for another is refused before
 * the service handles it; so is a request with expired or incomplete temporary credentials. Each request
 * is handled for the identity that signed it. Latency, throttling (faults and rate limits), server errors
 * and dropped connections are applied here too, and every call the service received lands in the call log.
 */
public final class HttpFront implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HttpFront.class.getName());

    private final HttpServer server;
    private final ExecutorService workers;
    private final AwsService<?> cloudFormation;
    private final Map<String, AwsService<?>> bySigningName;
    private final Map<String, AwsService<?>> byTargetPrefix;
    private final Authenticator authenticator;
    private final Faults faults;
    private final CallLog calls;
    private final Clock clock;
    private final String region;
    private final RateLimiter rateLimiter;

    /**
     * @param region         the one region this endpoint serves
     * @param bySigningName  the Query protocol services other than CloudFormation, by the service their requests are signed for
     * @param byTargetPrefix the JSON protocol services by the prefix of their {@code X-Amz-Target}
     * @param authenticator  who signed each request
     */
    public HttpFront(int port, String region, AwsService<?> cloudFormation, Map<String, AwsService<?>> bySigningName,
                     Map<String, AwsService<?>> byTargetPrefix, Authenticator authenticator, Faults faults, CallLog calls,
                     Clock clock, RateLimiter rateLimiter) throws IOException {
        this.region = region;
        this.rateLimiter = rateLimiter;
        this.cloudFormation = cloudFormation;
        this.bySigningName = Map.copyOf(bySigningName);
        this.byTargetPrefix = Map.copyOf(byTargetPrefix);
        this.authenticator = authenticator;
        this.faults = faults;
        this.calls = calls;
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "offline-aws-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/", this::serve);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Closing the exchange before any reply is sent closes the connection: the client gets no answer. */
    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Optional<TransportFault> fault = faults.network().draw();
            if (fault.equals(Optional.of(TransportFault.DROPPED_REQUEST))) {
                return;
            }
            Optional<CredentialScope> scope = CredentialScope.of(exchange.getRequestHeaders());
            Outcome outcome;
            try {
                outcome = dispatch(service(exchange, scope), exchange, scope, body, fault.filter(f -> f.status() > 0));
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "offline AWS failed to answer a request", e);
                outcome = Outcome.of(500, "text/plain", "InternalFailure: " + e, "InternalFailure");
            }
            if (fault.equals(Optional.of(TransportFault.LOST_REPLY))) {
                return;
            }
            send(exchange, outcome);
        }
    }

    private AwsService<?> service(HttpExchange exchange, Optional<CredentialScope> scope) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null) {
            return scope.<AwsService<?>>map(s -> bySigningName.get(s.service())).orElse(cloudFormation);
        }
        return byTargetPrefix.entrySet().stream()
                .filter(e -> target.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst().orElse(cloudFormation);
    }

    private <C extends AwsService.Call> Outcome dispatch(AwsService<C> service, HttpExchange exchange,
                                                         Optional<CredentialScope> scope, byte[] body,
                                                         Optional<TransportFault> serverError) {
        C call = service.read(exchange.getRequestHeaders(), body);
        pause(faults.latency());
        Authenticator.Authentication authentication = authenticator.authenticate(scope.map(CredentialScope::accessKeyId),
                exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"));
        Identity caller = authentication.identity();
        Optional<String> otherRegion = scope.map(CredentialScope::region).filter(r -> !r.equals(region));
        Outcome outcome = otherRegion.isPresent() ? service.unservedRegion(call, caller, otherRegion.get())
                : authentication.problem().isPresent() ? service.unauthenticated(call, caller, authentication.problem().get())
                : serverError.isPresent() ? ServerErrors.of(service.name(), serverError.get())
                : faults.shouldThrottle(call.action()) || !rateLimiter.admit(service.name(), call.action())
                ? service.throttled(call, caller) : service.handle(call, caller);
        calls.record(new AwsCall(clock.instant(), service.name(), call.action(), outcome.stackName(),
                outcome.changeSetName(), outcome.changeSetType(), outcome.errorCode(),
                scope.map(CredentialScope::accessKeyId).orElse(null), caller.arn(), caller.accountId()));
        return outcome;
    }

    /** Simulated network latency: the request thread waits, as it would for a slow connection. */
    private static void pause(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, Outcome outcome) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", outcome.contentType());
        for (Map.Entry<String, String> h : outcome.headers().entrySet()) {
            exchange.getResponseHeaders().set(h.getKey(), h.getValue());
        }
        exchange.sendResponseHeaders(outcome.status(), outcome.body().length == 0 ? -1 : outcome.body().length);
        if (outcome.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(outcome.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

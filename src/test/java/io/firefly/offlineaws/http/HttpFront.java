package io.firefly.offlineaws.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.firefly.offlineaws.control.AwsCall;
import io.firefly.offlineaws.control.CallLog;
import io.firefly.offlineaws.control.Faults;
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
 * are told apart by the prefix of their {@code X-Amz-Target} header; everything else is a CloudFormation
 * Query request. Like AWS's regional endpoints it serves one region, and a request signed for another is
 * refused before the service handles it. Latency, throttling (faults and rate limits), server errors and
 * dropped connections are applied here too, and every call the service received lands in the call log.
 */
public final class HttpFront implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HttpFront.class.getName());

    private final HttpServer server;
    private final ExecutorService workers;
    private final AwsService<?> cloudFormation;
    private final Map<String, AwsService<?>> byTargetPrefix;
    private final Faults faults;
    private final CallLog calls;
    private final Clock clock;
    private final String region;
    private final RateLimiter rateLimiter;

    /** @param region the one region this endpoint serves */
    /**
     * @param region         the one region this endpoint serves
     * @param byTargetPrefix the JSON protocol services by the prefix of their {@code X-Amz-Target}
     */
    public HttpFront(int port, String region, AwsService<?> cloudFormation, Map<String, AwsService<?>> byTargetPrefix,
                     Faults faults, CallLog calls, Clock clock, RateLimiter rateLimiter) throws IOException {
        this.region = region;
        this.rateLimiter = rateLimiter;
        this.cloudFormation = cloudFormation;
        this.byTargetPrefix = Map.copyOf(byTargetPrefix);
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
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            AwsService<?> service = target == null ? cloudFormation : byTargetPrefix.entrySet().stream()
                    .filter(e -> target.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst().orElse(cloudFormation);
            Outcome outcome;
            try {
                outcome = dispatch(service, exchange, body, fault.filter(f -> f.status() > 0));
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

    private <C extends AwsService.Call> Outcome dispatch(AwsService<C> service, HttpExchange exchange, byte[] body,
                                                         Optional<TransportFault> serverError) {
        C call = service.read(exchange.getRequestHeaders(), body);
        pause(faults.latency());
        Optional<String> otherRegion = SigningRegion.of(exchange.getRequestHeaders()).filter(r -> !r.equals(region));
        Outcome outcome = otherRegion.isPresent() ? service.unservedRegion(call, otherRegion.get())
                : serverError.isPresent() ? ServerErrors.of(service.name(), serverError.get())
                : faults.shouldThrottle(call.action()) || !rateLimiter.admit(service.name(), call.action())
                ? service.throttled(call) : service.handle(call);
        calls.record(new AwsCall(clock.instant(), service.name(), call.action(), outcome.stackName(),
                outcome.changeSetName(), outcome.changeSetType(), outcome.errorCode(),
                SigningKeyId.of(exchange.getRequestHeaders()).orElse(null)));
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

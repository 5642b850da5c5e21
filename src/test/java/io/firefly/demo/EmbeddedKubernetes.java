package io.firefly.demo;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API without a cluster: the Fabric8 mock server in CRUD mode on 127.0.0.1, with the
 * FireflyStack CRD applied and a kubeconfig that any Kubernetes client, the operator's included, can use.
 */
public final class EmbeddedKubernetes implements AutoCloseable {
    static final Path CRD = Path.of("deploy/crds/fireflystacks.firefly.io-v1.yml");
    /** Applied too, so that the operator's FireflyAccount informer finds its resource. */
    static final Path ACCOUNT_CRD = Path.of("deploy/crds/fireflyaccounts.firefly.io-v1.yml");
    /** The mock server logs every request at INFO through java.util.logging; held here so the level sticks. */
    private static final Logger REQUEST_LOG = quiet("io.fabric8.mockwebserver");

    /** The bearer token of the kubeconfig written for the operator and for a person's kubectl. */
    private static final String KUBECONFIG_TOKEN = "embedded";

    private final KubernetesMockServer server;
    private final KubectlDispatcher dispatcher;
    private final KubernetesClient client;
    private final Path kubeconfig;

    private EmbeddedKubernetes(KubernetesMockServer server, KubectlDispatcher dispatcher, Path kubeconfig) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.client = server.createClient();
        this.kubeconfig = kubeconfig;
    }

    public static EmbeddedKubernetes start(int port, Path workDir) {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        try {
            KubectlDispatcher dispatcher = new KubectlDispatcher(expectations,
                    new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                            .readTree(CRD.toFile()), KUBECONFIG_TOKEN);
            KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                    dispatcher, false);
            server.init(InetAddress.getByName("127.0.0.1"), port);
            grantEverything(server);
            Files.createDirectories(workDir);
            Path kubeconfig = workDir.resolve("kubeconfig");
            Files.writeString(kubeconfig, kubeconfig(server.url("/").replaceAll("/$", "")));
            EmbeddedKubernetes kubernetes = new EmbeddedKubernetes(server, dispatcher, kubeconfig);
            kubernetes.applyCrd();
            return kubernetes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The embedded API stands for a cluster where the caller is admin. The operator asks, before it runs
     * leader election, whether it may use Leases; the mock server has no authorizer, so it answers yes here.
     */
    private static void grantEverything(KubernetesMockServer server) {
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder()
                        .withNewStatus().withIncomplete(false)
                        .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
                        .withVerbs("get", "create", "update").endResourceRule()
                        .endStatus().build())
                .always();
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.WARNING);
        return logger;
    }

    public KubernetesClient client() {
        return client;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** Conflicts and dropped watches for the calls made with the kubeconfig. */
    public ApiFaults faults() {
        return dispatcher.faults();
    }

    /** The distinct API calls made with the kubeconfig so far: in the demo, the operator's. */
    public Set<KubernetesApiCall> kubeconfigCalls() {
        return dispatcher.kubeconfigCalls();
    }

    public String url() {
        return server.url("/").replaceAll("/$", "");
    }

    private void applyCrd() throws IOException {
        for (Path file : List.of(CRD, ACCOUNT_CRD)) {
            try (InputStream crd = Files.newInputStream(file)) {
                client.resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
            }
        }
    }

    private static String kubeconfig(String url) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: firefly-embedded
                  cluster:
                    server: %s
                contexts:
                - name: firefly-embedded
                  context:
                    cluster: firefly-embedded
                    user: demo
                    namespace: firefly
                current-context: firefly-embedded
                users:
                - name: demo
                  user:
                    token: %s
                """.formatted(url, KUBECONFIG_TOKEN);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}

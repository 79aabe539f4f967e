package io.firstline.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each overlay builds with {@code kubectl kustomize}, parses into the Kubernetes model (fabric8), and matches the
 * app: probes on its real health groups and port, every environment variable a real configuration property,
 * the Kafka topics those the app uses with the partitions it expects, and the PrometheusRule the alert file.
 */
class KubernetesManifestsTest {

    private static final KubernetesSerialization K8S = new KubernetesSerialization();
    private static final Path APP_YAML = Path.of("src/main/resources/application.yaml");
    private static final List<String> INTAKE_CHANNELS = List.of("phone", "webchat", "email", "wechat");

    private final Map<String, Object> appConfig = flatten(load(APP_YAML));

    @Test
    void singleNodeRunsOneEmbeddedNodeOnOnePostgresInstance() {
        List<HasMetadata> resources = build("single-node");
        Deployment deployment = one(resources, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(env(resources, deployment)).doesNotContainKey("FIRSTLINE_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(one(resources, HorizontalPodAutoscaler.class).getSpec().getMaxReplicas()).isEqualTo(1);
        assertThat(spec(custom(resources, "Cluster").get(0)).get("instances").asInt()).isEqualTo(1);
        assertThat(custom(resources, "KafkaTopic")).isEmpty();
        checkTheApp(resources);
    }

    @Test
    void productionRunsThreeKafkaNodesWithEveryIntakeTopicAndABackedUpDatabase() {
        List<HasMetadata> resources = build("production");
        Deployment deployment = one(resources, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        Map<String, String> env = env(resources, deployment);
        assertThat(env.get("FIRSTLINE_KAFKA_BOOTSTRAP_SERVERS")).startsWith("firstline-kafka-kafka-bootstrap:");

        JsonNode db = spec(custom(resources, "Cluster").get(0));
        assertThat(db.get("instances").asInt()).isEqualTo(3);
        assertThat(db.get("backup").get("barmanObjectStore").get("destinationPath").asString()).startsWith("s3://");
        assertThat(custom(resources, "ScheduledBackup")).hasSize(1);
        assertThat(custom(resources, "Kafka")).hasSize(1);
        assertThat(spec(custom(resources, "KafkaNodePool").get(0)).get("replicas").asInt()).isEqualTo(3);

        // The topics the app reads and writes: <topic-prefix><channel> for each intake channel, and the dead letters,
        // with the partitions and replicas the app is configured with (it would create them so).
        String prefix = setting(env, "firstline.kafka.topic-prefix");
        Set<String> expected = new HashSet<>();
        INTAKE_CHANNELS.forEach(channel -> expected.add(prefix + channel));
        expected.add(setting(env, "firstline.kafka.dead-letter-topic"));
        // The cluster's topics (events to every node, routing commands), with their own partition settings.
        String events = setting(env, "firstline.cluster.events-topic");
        String routing = setting(env, "firstline.cluster.routing-topic");
        expected.add(events);
        expected.add(routing);
        Map<String, JsonNode> topics = new HashMap<>();
        custom(resources, "KafkaTopic").forEach(topic -> topics.put(spec(topic).get("topicName").asString(), spec(topic)));
        assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        int partitions = Integer.parseInt(setting(env, "firstline.kafka.partitions"));
        int replicas = Integer.parseInt(setting(env, "firstline.kafka.replication-factor"));
        int clusterPartitions = Integer.parseInt(setting(env, "firstline.cluster.partitions"));
        int clusterReplicas = Integer.parseInt(setting(env, "firstline.cluster.replication-factor"));
        topics.forEach((name, topic) -> {
            boolean cluster = name.equals(events) || name.equals(routing);
            assertThat(topic.get("partitions").asInt()).as(name).isEqualTo(cluster ? clusterPartitions : partitions);
            assertThat(topic.get("replicas").asInt()).as(name).isEqualTo(cluster ? clusterReplicas : replicas);
        });
        // Every replica names itself after its pod, so events and ownership changes say which node.
        assertThat(env).containsKey("FIRSTLINE_CLUSTER_NODE_ID");
        checkTheApp(resources);
    }

    /** What both overlays must get right about the app itself. */
    private void checkTheApp(List<HasMetadata> resources) {
        Deployment deployment = one(resources, Deployment.class);
        Container app = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        int port = app.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst().orElseThrow().getContainerPort();
        Map<String, String> env = env(resources, deployment);
        assertThat(port).isEqualTo(Integer.parseInt(env.getOrDefault("SERVER_PORT", "8080")));

        // Probes on the health groups application.yaml defines, on the app's port.
        String health = "/actuator/health/";
        assertThat(appConfig).containsKeys("management.endpoint.health.group.liveness.include",
                "management.endpoint.health.group.readiness.include");
        assertThat(probe(app.getLivenessProbe())).isEqualTo(health + "liveness");
        assertThat(probe(app.getStartupProbe())).isEqualTo(health + "liveness");
        assertThat(probe(app.getReadinessProbe())).isEqualTo(health + "readiness");
        for (Probe probe : List.of(app.getLivenessProbe(), app.getReadinessProbe(), app.getStartupProbe())) {
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
        }

        // Every environment variable is a real setting: one application.yaml reads (${NAME}) or defines, or one
        // of Spring Boot's own (its configuration metadata), in relaxed-binding form.
        Set<String> known = knownSettings();
        String yamlText = read(APP_YAML);
        for (String name : env.keySet()) {
            boolean jvm = name.equals("JAVA_TOOL_OPTIONS");
            boolean placeholder = yamlText.contains("${" + name + ":") || yamlText.contains("${" + name + "}");
            assertThat(jvm || placeholder || known.contains(name)).as(name + " is a configuration property").isTrue();
        }

        // Non-root, read-only root filesystem, a graceful stop.
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(app.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(app.getLifecycle().getPreStop()).isNotNull();
        assertThat(env).containsEntry("SERVER_SHUTDOWN", "graceful");
        assertThat(app.getResources().getLimits()).containsKeys("cpu", "memory");

        // The Service, ServiceMonitor and Ingress point at the app's port and endpoints.
        assertThat(custom(resources, "ServiceMonitor")).hasSize(1);
        JsonNode endpoint = spec(custom(resources, "ServiceMonitor").get(0)).get("endpoints").get(0);
        assertThat(endpoint.get("path").asString()).isEqualTo("/actuator/prometheus");
        assertThat(endpoint.get("port").asString()).isEqualTo("http");
        assertThat(endpoint.has("basicAuth")).isTrue();

        // The PrometheusRule is the alert file.
        JsonNode rule = spec(custom(resources, "PrometheusRule").get(0));
        JsonNode alerts = JsonMapper.builder().build().valueToTree(load(Path.of("dashboards/prometheus/firstline-alerts.yml")));
        assertThat(rule).isEqualTo(alerts);
    }

    // ---- building and reading ---------------------------------------------------------------------------------

    private static List<HasMetadata> build(String overlay) {
        Path kubectl = Path.of("/usr/bin/kubectl"); // Debian: kubernetes-client (or the kubectl package)
        assertThat(Files.isExecutable(kubectl)).as("kubectl is not installed: install Debian's 'kubernetes-client' "
                + "package (apt-get install kubernetes-client; .ci/run does this)").isTrue();
        try {
            Path out = Files.createDirectories(Path.of("target/k8s")).resolve(overlay + ".yaml");
            Path errors = out.resolveSibling(overlay + ".err");
            // Warnings (deprecated fields kept for old kustomize) go to stderr, apart from the YAML.
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", "k8s/overlays/" + overlay)
                    .redirectOutput(out.toFile()).redirectError(errors.toFile()).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
            String yaml = Files.readString(out);
            assertThat(process.exitValue()).as(Files.readString(errors)).isZero();
            Object parsed = K8S.unmarshal(yaml);
            List<HasMetadata> resources = new ArrayList<>();
            if (parsed instanceof List<?> list) {
                list.forEach(item -> resources.add((HasMetadata) item));
            } else {
                resources.add((HasMetadata) parsed);
            }
            return resources;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> resources, Class<T> type) {
        List<T> found = resources.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static List<GenericKubernetesResource> custom(List<HasMetadata> resources, String kind) {
        return resources.stream().filter(r -> kind.equals(r.getKind()))
                .map(r -> r instanceof GenericKubernetesResource generic ? generic
                        : K8S.convertValue(r, GenericKubernetesResource.class))
                .toList();
    }

    private static JsonNode spec(GenericKubernetesResource resource) {
        return JsonMapper.builder().build().valueToTree(resource.getAdditionalProperties().get("spec"));
    }

    /** The container's environment: envFrom ConfigMaps and Secrets of the build, then env. */
    private static Map<String, String> env(List<HasMetadata> resources, Deployment deployment) {
        Container app = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = new LinkedHashMap<>();
        app.getEnvFrom().forEach(source -> {
            if (source.getConfigMapRef() != null) {
                ConfigMap map = resources.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                        .filter(c -> c.getMetadata().getName().equals(source.getConfigMapRef().getName()))
                        .findFirst().orElseThrow(() -> new AssertionError("no ConfigMap " + source.getConfigMapRef().getName()));
                env.putAll(map.getData());
            }
            if (source.getSecretRef() != null) {
                Secret secret = resources.stream().filter(Secret.class::isInstance).map(Secret.class::cast)
                        .filter(s -> s.getMetadata().getName().equals(source.getSecretRef().getName()))
                        .findFirst().orElseThrow(() -> new AssertionError("no Secret " + source.getSecretRef().getName()));
                (secret.getStringData() != null ? secret.getStringData() : secret.getData()).keySet()
                        .forEach(key -> env.put(key, "(secret)"));
            }
        });
        for (EnvVar variable : app.getEnv()) {
            env.put(variable.getName(), variable.getValue() == null ? "(reference)" : variable.getValue());
        }
        return env;
    }

    private static String probe(Probe probe) {
        return probe.getHttpGet().getPath();
    }

    /** A setting's value in the container: its variable if set, else application.yaml's default. */
    private String setting(Map<String, String> env, String property) {
        for (String name : envNames(property)) {
            if (env.containsKey(name)) {
                return env.get(name);
            }
        }
        Object value = appConfig.get(property);
        String text = String.valueOf(value);
        Matcher placeholder = Pattern.compile("\\$\\{(\\w+):([^}]*)}").matcher(text);
        if (placeholder.matches()) {
            return env.getOrDefault(placeholder.group(1), placeholder.group(2));
        }
        return text;
    }

    /** FIRSTLINE_KAFKA_REPLICATIONFACTOR (canonical) and FIRSTLINE_KAFKA_REPLICATION_FACTOR (legacy dashes). */
    private static List<String> envNames(String property) {
        String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
        return List.of(upper.replace("-", ""), upper.replace('-', '_'));
    }

    /** Relaxed-binding names of application.yaml's settings and of Spring Boot's documented properties. */
    private Set<String> knownSettings() {
        Set<String> names = new HashSet<>();
        appConfig.keySet().forEach(key -> names.addAll(envNames(key)));
        try {
            for (Resource metadata : new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:META-INF/spring-configuration-metadata.json")) {
                try (InputStream in = metadata.getInputStream()) {
                    JsonNode properties = JsonMapper.builder().build().readTree(in).path("properties");
                    properties.forEach(property -> names.addAll(envNames(property.get("name").asString())));
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(Path yaml) {
        return (Map<String, Object>) new Yaml().load(read(yaml));
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> flatten(Map<String, Object> tree) {
        Map<String, Object> flat = new LinkedHashMap<>();
        tree.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested) {
                flatten((Map<String, Object>) nested).forEach((inner, leaf) -> flat.put(key + "." + inner, leaf));
            } else {
                flat.put(key, value);
            }
        });
        return flat;
    }
}

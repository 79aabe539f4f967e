package io.firstline.bench.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import io.firstline.bench.BenchEnvironment;
import io.firstline.bench.support.ChildProcess;
import io.firstline.bench.support.Ports;

/**
 * The local Kafka broker ({@code io.firstline.intake.kafka.LocalKafkaBroker}, fresh data directory) and three
 * Firstline nodes in Kafka mode, each its own process on a free port, as {@code scripts/cluster.sh} starts them:
 * one shared database (node 1 wipes it, then nodes 2 and 3 start together), one JWT secret, node ids
 * {@code node-1..3}, the demo profile with the simulator off. {@link #close()} stops the nodes, then the broker,
 * and deletes the broker's data.
 */
final class Cluster implements AutoCloseable {

    /** The demo profile's scrape credential (application-demo.yaml). */
    private static final String SCRAPE = "Basic " + Base64.getEncoder()
            .encodeToString("prometheus:firstline-demo-scrape".getBytes(StandardCharsets.UTF_8));

    /** One app node. */
    record Node(String id, ChildProcess process) {
        String baseUrl() {
            return process.baseUrl();
        }
    }

    private final Path kafkaDir;
    private final List<ChildProcess> started = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<List<String>> nodeArgs = new ArrayList<>();
    private BenchEnvironment environment;
    private ChildProcess broker;
    private String startup = "";

    private Cluster(Path kafkaDir) {
        this.kafkaDir = kafkaDir;
    }

    /**
     * Starts broker and nodes and returns once every node is ready and exactly one routes the workspace.
     * {@code sessionTimeout} applies to both consumer groups (routing and intake), so a crashed node's partitions
     * move after it.
     */
    static Cluster start(BenchEnvironment environment, String database, Duration sessionTimeout, List<String> extraArgs)
            throws Exception {
        Cluster cluster = new Cluster(environment.projectDir().resolve("target/bench/kafka-" + System.currentTimeMillis()));
        try {
            cluster.startAll(environment, database, sessionTimeout, extraArgs);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll(BenchEnvironment environment, String database, Duration sessionTimeout, List<String> extraArgs)
            throws Exception {
        long t0 = System.nanoTime();
        int kafkaPort = Ports.free();
        broker = ChildProcess.start(environment, "cluster-kafka",
                List.of("-Xmx512m", "-Dkafka.local.port=" + kafkaPort, "-Dkafka.local.controller-port=" + Ports.free(),
                        "-Dkafka.local.dir=" + kafkaDir),
                "io.firstline.intake.kafka.LocalKafkaBroker", List.of(), kafkaPort);
        started.add(broker);
        broker.awaitListening(Duration.ofSeconds(90));
        long kafkaUp = System.nanoTime();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String jwtSecret = Base64.getEncoder().encodeToString(key);
        this.environment = environment;
        for (int n = 1; n <= 3; n++) {
            int port = Ports.free();
            List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--spring.profiles.active=demo",
                    "--server.address=127.0.0.1", "--firstline.db.host=127.0.0.1", "--firstline.db.port=" + dbPort(),
                    "--firstline.db.name=" + database,
                    // Only the first node wipes the shared database.
                    "--firstline.db.clean-on-start=" + (n == 1), "--spring.flyway.clean-disabled=false",
                    "--firstline.simulator.enabled=false",
                    // No 90 days of demo history and no scheduled report: they only slow the start on 2 shared cores.
                    "--firstline.demo.history-days=0", "--firstline.reports.schedule-enabled=false",
                    "--firstline.kafka.bootstrap-servers=localhost:" + kafkaPort,
                    "--firstline.cluster.node-id=node-" + n,
                    "--firstline.security.jwt-secret=" + jwtSecret,
                    "--firstline.cluster.session-timeout=" + sessionTimeout.toMillis() + "ms",
                    // The intake group's consumer has Kafka's default session timeout (45 s) unless told otherwise.
                    "--firstline.kafka.client.[session.timeout.ms]=" + sessionTimeout.toMillis(),
                    "--firstline.kafka.client.[heartbeat.interval.ms]=" + Math.max(100, sessionTimeout.toMillis() / 4)));
            args.addAll(extraArgs);
            nodeArgs.add(args);
            ChildProcess node = ChildProcess.start(environment.forApp(), "cluster-node-" + n, List.of("-Xmx1g"),
                    "io.firstline.FirstlineApplication", args, port);
            started.add(node);
            nodes.add(new Node("node-" + n, node));
            if (n == 1) {
                node.awaitReady("/actuator/health/readiness", Duration.ofSeconds(180));
            }
        }
        for (Node node : nodes) {
            node.process().awaitReady("/actuator/health/readiness", Duration.ofSeconds(180));
        }
        long ready = System.nanoTime();
        Node owner = awaitOwner(nodes, Duration.ofSeconds(60));
        startup = String.format("broker listening after %.1f s, three nodes ready %.1f s later, %s routing %.1f s after that",
                (kafkaUp - t0) / 1e9, (ready - kafkaUp) / 1e9, owner.id(), (System.nanoTime() - ready) / 1e9);
        System.out.println("cluster: " + startup);
    }

    /**
     * Starts the {@code index}th node again (after a crash) on a new port, same node id, without wiping the database;
     * returns how long it took to be ready.
     */
    Duration restart(int index) throws Exception {
        Node old = nodes.get(index);
        int port = Ports.free();
        List<String> args = new ArrayList<>(nodeArgs.get(index));
        args.set(0, "--server.port=" + port);
        args.replaceAll(arg -> arg.startsWith("--firstline.db.clean-on-start=") ? "--firstline.db.clean-on-start=false" : arg);
        ChildProcess node = ChildProcess.start(environment.forApp(), old.id() + "-again", List.of("-Xmx1g"),
                "io.firstline.FirstlineApplication", args, port);
        started.add(node);
        nodes.set(index, new Node(old.id(), node));
        return node.awaitReady("/actuator/health/readiness", Duration.ofSeconds(180));
    }

    /** The test PostgreSQL's port, as the app and the bench's own JDBC reads use it ({@code FIRSTLINE_DB_PORT}, 5432 when unset). */
    static String dbPort() {
        String port = System.getenv("FIRSTLINE_DB_PORT");
        return port == null || port.isBlank() ? "5432" : port;
    }

    List<Node> nodes() {
        return nodes;
    }

    List<Node> live() {
        return nodes.stream().filter(node -> node.process().alive()).toList();
    }

    ChildProcess broker() {
        return broker;
    }

    String startup() {
        return startup;
    }

    /** The pids of the nodes (in order) and the broker (last), for the CPU meter. */
    long[] pids() {
        return Stream.concat(nodes.stream().map(Node::process), Stream.of(broker)).mapToLong(ChildProcess::pid).toArray();
    }

    /** Polls {@code firstline_routing_owned_workspaces} on {@code among} until exactly one node reports 1. */
    Node awaitOwner(List<Node> among, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> last = List.of();
        while (System.nanoTime() < deadline) {
            List<Node> owners = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            for (Node node : among) {
                double owned = ownedWorkspaces(node);
                seen.add(node.id() + "=" + owned);
                if (owned >= 1.0) {
                    owners.add(node);
                }
            }
            last = seen;
            if (owners.size() == 1) {
                return owners.get(0);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no single routing owner within " + timeout + ": " + last);
    }

    /** The node's {@code firstline_routing_owned_workspaces} gauge; -1 when the scrape fails. */
    double ownedWorkspaces(Node node) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/actuator/prometheus"))
                    .header("Authorization", SCRAPE).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return -1;
            }
            return answer.body().lines().filter(line -> line.startsWith("firstline_routing_owned_workspaces"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        // The nodes together (each may take its shutdown-timeout), then the broker they talk to.
        List<Thread> stopping = new ArrayList<>();
        for (ChildProcess child : started) {
            if (child != broker) {
                Thread thread = new Thread(child::close, "stop-" + child.pid());
                thread.start();
                stopping.add(thread);
            }
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (broker != null) {
            broker.close();
        }
        deleteQuietly(kafkaDir);
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}

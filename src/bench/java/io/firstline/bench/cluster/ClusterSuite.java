package io.firstline.bench.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import io.firstline.bench.BenchEnvironment;
import io.firstline.bench.BenchSuite;
import io.firstline.bench.support.BenchSettings;
import io.firstline.bench.support.Quiet;
import io.firstline.bench.support.SignedWebhook;

/**
 * Three nodes in Kafka mode on this machine (issue 16): intake and offer latency with the load spread over the
 * nodes, and the routing pause when the routing owner is killed. The nodes share the two cores, so the figures are
 * per node and the pause, not a speed-up. {@code -Dbench.cluster.parts=intake,offers,failover} picks parts.
 */
public final class ClusterSuite implements BenchSuite {

    static final String DATABASE = "firstline_bench_cluster";

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public String run(BenchEnvironment environment) throws Exception {
        Quiet.clientLogs();
        List<String> parts = List.of(System.getProperty("bench.cluster.parts", "intake,offers,failover").split(","));
        Duration sessionTimeout = BenchSettings.duration("bench.cluster.session-timeout", Duration.ofSeconds(6));
        SignedWebhook hooks = new SignedWebhook("bench", SignedWebhook.newSecret());
        StringBuilder body = new StringBuilder();
        String startup;
        try (Cluster cluster = Cluster.start(environment, DATABASE, sessionTimeout, List.of(hooks.appArgument()))) {
            startup = cluster.startup();
        }
        return "## Three nodes in Kafka mode: intake, offer latency, failover (issue 16)\n\n"
                + "`mvn -Pbench -Dbench=cluster`\n\n"
                + "Start-up: " + startup + ".\n\n" + body
                + "\nLoad average when the suite ended: " + loadAverage() + " (2 cores, shared).\n";
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}

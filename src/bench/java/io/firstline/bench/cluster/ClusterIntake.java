package io.firstline.bench.cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import io.firstline.bench.support.AgentSeed;
import io.firstline.bench.support.CpuMeter;
import io.firstline.bench.support.Latencies;
import io.firstline.bench.support.Markdown;
import io.firstline.bench.support.SignedWebhook;
import io.firstline.bench.support.WebhookClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Intake over three nodes: IntakeSuite's closed loop (each of <i>concurrency</i> workers posts a signed web-chat
 * webhook and the next when the answer arrives), worker <i>w</i> always to node <i>w</i> mod 3; the same generator
 * against the bare Reactor Netty endpoint as the baseline. In Kafka mode a 202 means the broker acknowledged the
 * record, so the contacts PostgreSQL committed in the same window are counted too (SQL), as "stored/s".
 */
final class ClusterIntake {

    record Row(String target, int concurrency, double acceptedPerSecond, double[] perNodePerSecond,
               Latencies.Summary latency, Map<String, Long> refusals, double storedPerSecond, CpuMeter.Usage cpu) {

        long refused() {
            return refusals.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private ClusterIntake() {
    }

    /**
     * One row: {@code urls} get the workers round-robin; {@code pids} are watched for CPU (for the cluster: the three
     * nodes, then the broker); {@code countStored} counts contacts committed in the window.
     */
    static Row measure(String target, List<String> urls, long[] pids, int concurrency, Duration warmup, Duration measured,
                       SignedWebhook hooks, boolean countStored) throws Exception {
        CpuMeter meter = new CpuMeter(pids);
        Latencies latencies = new Latencies();
        AtomicLongArray accepted = new AtomicLongArray(urls.size());
        Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureUntil = measureFrom + measured.toNanos();
        AtomicReference<CpuMeter.Sample> before = new AtomicReference<>();
        AtomicReference<CpuMeter.Sample> after = new AtomicReference<>();
        AtomicLong storedBefore = new AtomicLong();
        AtomicLong storedAfter = new AtomicLong();
        AtomicReference<Exception> samplerFailure = new AtomicReference<>();
        // Blocking JDBC and /proc reads on a plain thread of the generator, never on an event loop.
        Thread sampler = new Thread(() -> {
            try (Connection db = countStored ? AgentSeed.jdbc(ClusterSuite.DATABASE) : null) {
                sleepUntil(measureFrom);
                before.set(meter.start());
                storedBefore.set(countStored ? contacts(db) : 0);
                sleepUntil(measureUntil);
                after.set(meter.start());
                storedAfter.set(countStored ? contacts(db) : 0);
            } catch (Exception e) {
                samplerFailure.set(e);
            }
        }, "cluster-intake-sampler");
        sampler.start();
        int perNode = (concurrency + urls.size() - 1) / urls.size();
        List<WebhookClient> clients = new ArrayList<>();
        for (String url : urls) {
            clients.add(new WebhookClient(url, perNode, Duration.ofSeconds(10)));
        }
        try {
            Flux.range(0, concurrency)
                    .flatMap(worker -> {
                        int node = worker % urls.size();
                        WebhookClient client = clients.get(node);
                        return Mono.defer(() -> {
                                    long sent = System.nanoTime();
                                    return client.post(hooks.next("Cluster intake " + worker), false).doOnNext(answer -> {
                                        long done = System.nanoTime();
                                        if (done < measureFrom || done >= measureUntil) {
                                            return;
                                        }
                                        if (answer.status() == 202) {
                                            accepted.incrementAndGet(node);
                                            latencies.recordNanos(done - sent);
                                        } else {
                                            refusals.computeIfAbsent(label(answer.status()), k -> new AtomicLong()).incrementAndGet();
                                        }
                                    });
                                })
                                .repeat(() -> System.nanoTime() < measureUntil)
                                .then();
                    }, concurrency)
                    .blockLast(measured.plus(warmup).plusSeconds(60));
        } finally {
            clients.forEach(WebhookClient::close);
        }
        sampler.join();
        if (samplerFailure.get() != null) {
            throw samplerFailure.get();
        }
        double seconds = measured.toNanos() / 1e9;
        double[] perNodeRate = new double[urls.size()];
        long total = 0;
        for (int i = 0; i < urls.size(); i++) {
            perNodeRate[i] = accepted.get(i) / seconds;
            total += accepted.get(i);
        }
        Map<String, Long> refused = new TreeMap<>();
        refusals.forEach((status, count) -> refused.put(status, count.get()));
        Row row = new Row(target, concurrency, total / seconds, perNodeRate, latencies.summary(), refused,
                (storedAfter.get() - storedBefore.get()) / seconds, before.get().until(after.get()));
        System.out.printf("cluster intake %-7s c=%-3d %,8.0f accepted/s %s p99 %s refused %s stored/s %,.0f%n", target,
                concurrency, row.acceptedPerSecond(), java.util.Arrays.toString(perNodeRate), row.latency().p(99), refused,
                row.storedPerSecond());
        return row;
    }

    static String table(List<Row> rows) {
        Markdown table = new Markdown("target", "in flight", "accepted/s", "per node (1 / 2 / 3)", "p50", "p99",
                "non-202 / errors", "cluster/bare", "stored/s", "CPU nodes (1 / 2 / 3)", "CPU broker", "CPU PostgreSQL",
                "CPU generator");
        for (Row row : rows) {
            boolean cluster = !row.target().equals("bare");
            String ratio = "";
            String perNode = "";
            String nodesCpu = Markdown.pct(row.cpu().processes()[0]);
            String brokerCpu = "";
            if (cluster) {
                Row bare = rows.stream().filter(r -> r.target().equals("bare") && r.concurrency() == row.concurrency())
                        .findFirst().orElse(null);
                ratio = bare == null || bare.acceptedPerSecond() == 0 ? "–"
                        : String.format("%.3f", row.acceptedPerSecond() / bare.acceptedPerSecond());
                List<String> rates = new ArrayList<>();
                for (double rate : row.perNodePerSecond()) {
                    rates.add(Markdown.rate(rate));
                }
                perNode = String.join(" / ", rates);
                double[] cpu = row.cpu().processes();
                nodesCpu = String.format("%.0f %% (%.0f / %.0f / %.0f)", cpu[0] + cpu[1] + cpu[2], cpu[0], cpu[1], cpu[2]);
                brokerCpu = Markdown.pct(cpu[3]);
            }
            String refused = row.refusals().isEmpty() ? "0" : row.refused() + " (" + String.join(", ",
                    row.refusals().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()) + ")";
            table.row(cluster ? "3 nodes" : "bare", row.concurrency(), Markdown.rate(row.acceptedPerSecond()), perNode,
                    row.latency().p(50), row.latency().p(99), refused, ratio,
                    cluster ? Markdown.rate(row.storedPerSecond()) : "", nodesCpu, brokerCpu,
                    Markdown.pct(row.cpu().postgres()), Markdown.pct(row.cpu().generator()));
        }
        return table.toString();
    }

    private static long contacts(Connection db) throws Exception {
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM contact")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static String label(int status) {
        return switch (status) {
            case WebhookClient.TIMEOUT -> "timeout";
            case WebhookClient.ERROR -> "error";
            default -> Integer.toString(status);
        };
    }

    static void sleepUntil(long nanos) throws InterruptedException {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, wait / 1_000_000));
        }
    }
}

package io.firstline.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import io.firstline.bench.support.BenchSettings;
import io.firstline.bench.support.ChildProcess;
import io.firstline.bench.support.CpuMeter;
import io.firstline.bench.support.Latencies;
import io.firstline.bench.support.Markdown;
import io.firstline.bench.support.Quiet;
import io.firstline.bench.support.SignedWebhook;
import io.firstline.bench.support.WebhookClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Intake: signed web-chat webhooks, closed loop at 16 / 64 / 256 in flight, against the app (embedded intake:
 * 202 once committed to PostgreSQL) and against a bare Reactor Netty endpoint on the same box with the same
 * generator, interleaved per concurrency so both see the same background load.
 */
public final class IntakeSuite implements BenchSuite {

    @Override
    public String name() {
        return "intake";
    }

    record Row(String target, int concurrency, double acceptedPerSecond, Latencies.Summary latency, long accepted,
               Map<String, Long> refusals, CpuMeter.Usage cpu) {

        long refused() {
            return refusals.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Override
    public String run(BenchEnvironment environment) throws Exception {
        Quiet.clientLogs();
        Duration warmup = BenchSettings.duration("bench.warmup", Duration.ofSeconds(3));
        Duration measured = BenchSettings.duration("bench.duration", Duration.ofSeconds(20));
        int[] concurrencies = BenchSettings.integers("bench.concurrency", 16, 64, 256);
        SignedWebhook hooks = new SignedWebhook("bench", SignedWebhook.newSecret());
        List<Row> rows = new ArrayList<>();
        try (ChildProcess bare = ChildProcess.startBare(environment, "intake-bare");
             ChildProcess app = ChildProcess.startApp(environment, "intake-app", "firstline_bench_intake",
                     List.of(hooks.appArgument()))) {
            // The JIT compiles the app's much larger code for about a minute under load (C2 took 40 % of a core
            // after 30 s): run each target once, unmeasured, so the rows show the steady state.
            Duration jit = BenchSettings.duration("bench.jit-warmup", Duration.ofSeconds(20));
            if (!jit.isZero()) {
                measure("bare", bare, 64, jit, Duration.ofSeconds(1), hooks);
                measure("app", app, 64, jit, Duration.ofSeconds(1), hooks);
            }
            for (int concurrency : concurrencies) {
                rows.add(measure("bare", bare, concurrency, warmup, measured, hooks));
                rows.add(measure("app", app, concurrency, warmup, measured, hooks));
            }
        }
        return section(rows, warmup, measured);
    }

    private static Row measure(String target, ChildProcess process, int concurrency, Duration warmup, Duration measured,
                               SignedWebhook hooks) throws InterruptedException {
        CpuMeter meter = new CpuMeter(process.pid());
        Latencies latencies = new Latencies();
        AtomicLong accepted = new AtomicLong();
        Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureUntil = measureFrom + measured.toNanos();
        AtomicReference<CpuMeter.Sample> before = new AtomicReference<>();
        AtomicReference<CpuMeter.Sample> after = new AtomicReference<>();
        Thread sampler = new Thread(() -> {
            try {
                sleepUntil(measureFrom);
                before.set(meter.start());
                sleepUntil(measureUntil);
                after.set(meter.start());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cpu-sampler");
        sampler.start();
        try (WebhookClient client = new WebhookClient(process.baseUrl(), concurrency, Duration.ofSeconds(10))) {
            Flux.range(0, concurrency)
                    .flatMap(worker -> Mono.defer(() -> {
                                long sent = System.nanoTime();
                                return client.post(hooks.next("Benchmark message " + worker), false).doOnNext(answer -> {
                                    long done = System.nanoTime();
                                    if (done < measureFrom || done >= measureUntil) {
                                        return;
                                    }
                                    if (answer.status() == 202) {
                                        accepted.incrementAndGet();
                                        latencies.recordNanos(done - sent);
                                    } else {
                                        refusals.computeIfAbsent(label(answer.status()), k -> new AtomicLong()).incrementAndGet();
                                    }
                                });
                            })
                            .repeat(() -> System.nanoTime() < measureUntil)
                            .then(), concurrency)
                    .blockLast(measured.plus(warmup).plusSeconds(60));
        }
        sampler.join();
        CpuMeter.Usage usage = before.get().until(after.get());
        double seconds = measured.toNanos() / 1e9;
        Map<String, Long> refused = new TreeMap<>();
        refusals.forEach((status, count) -> refused.put(status, count.get()));
        Row row = new Row(target, concurrency, accepted.get() / seconds, latencies.summary(), accepted.get(), refused, usage);
        System.out.printf("intake %-4s c=%-3d %,10.0f accepted/s  p50 %s  p99 %s  refused %s  cpu target %.0f%% pg %.0f%% gen %.0f%%%n",
                target, concurrency, row.acceptedPerSecond(), row.latency().p(50), row.latency().p(99), refused,
                usage.processes()[0], usage.postgres(), usage.generator());
        return row;
    }

    private static String label(int status) {
        return switch (status) {
            case WebhookClient.TIMEOUT -> "timeout";
            case WebhookClient.ERROR -> "error";
            default -> Integer.toString(status);
        };
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, wait / 1_000_000), 0);
        }
    }

    private static String section(List<Row> rows, Duration warmup, Duration measured) {
        Markdown table = new Markdown("target", "concurrency", "accepted/s", "p50", "p99", "non-202 / errors",
                "app/bare", "CPU target", "CPU PostgreSQL", "CPU generator");
        for (Row row : rows) {
            String ratio = "";
            if (row.target().equals("app")) {
                Row bare = rows.stream().filter(r -> r.target().equals("bare") && r.concurrency() == row.concurrency())
                        .findFirst().orElse(null);
                ratio = bare == null || bare.acceptedPerSecond() == 0 ? "–"
                        : String.format("%.3f", row.acceptedPerSecond() / bare.acceptedPerSecond());
            }
            String refused = row.refusals().isEmpty() ? "0" : row.refused() + " (" + String.join(", ",
                    row.refusals().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()) + ")";
            table.row(row.target(), row.concurrency(), Markdown.rate(row.acceptedPerSecond()), row.latency().p(50),
                    row.latency().p(99), refused, ratio, Markdown.pct(row.cpu().processes()[0]),
                    Markdown.pct(row.cpu().postgres()), Markdown.pct(row.cpu().generator()));
        }
        return "## Intake: signed web-chat webhooks, app vs bare Reactor Netty\n\n"
                + "`mvn -Pbench -Dbench=intake` (optionally `-Dbench.duration=20s`)\n\n"
                + "Closed loop: each of *concurrency* workers posts a signed web-chat webhook (unique webhook id, new visitor) "
                + "and the next one when the answer arrives, over a Reactor Netty pool of *concurrency* connections; "
                + BenchSettings.seconds(warmup) + " warm-up, then " + BenchSettings.seconds(measured) + " measured per row, after "
                + "one unmeasured run of each target (`bench.jit-warmup`, 20 s at 64 in flight) so the JIT has compiled the hot code. "
                + "*app*: Firstline (`-Xmx1g`, embedded intake, so 202 means committed to PostgreSQL); *bare*: a Reactor Netty "
                + "server that reads the body and answers 202 with a small JSON body (no verification, no database). "
                + "Both run as their own processes, interleaved per concurrency. Accepted = 202 answers completed in the "
                + "measured window; p50/p99 are over those (503 = intake full, counted under non-202, never as accepted). "
                + "CPU in % of one core (200 % = both cores) from /proc utime+stime: the target process, every postgres "
                + "process, and the generator (the bench JVM).\n\n"
                + table
                + "\nWhat limits the figures: two cores shared by generator, target and PostgreSQL (and by other sessions "
                + "working on the same machine, so the rows are noisy: compare app with bare in the same run, not across "
                + "runs). The bare rows are bounded by the generator and loopback, not by the endpoint; the app rows by "
                + "the app's per-webhook work (verification, a PostgreSQL transaction per message) and PostgreSQL's CPU.\n";
    }
}

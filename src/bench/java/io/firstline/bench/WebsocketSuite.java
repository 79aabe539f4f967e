package io.firstline.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import io.firstline.bench.support.ApiClient;
import io.firstline.bench.support.BenchSettings;
import io.firstline.bench.support.ChildProcess;
import io.firstline.bench.support.CpuMeter;
import io.firstline.bench.support.Latencies;
import io.firstline.bench.support.Markdown;
import io.firstline.bench.support.Quiet;
import io.firstline.bench.support.SignedWebhook;
import io.firstline.bench.support.Sockets;
import io.firstline.bench.support.WebhookClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wallboard fan-out: 5,000 supervisor sessions on /ws/wallboard (one connection each), then the figures change
 * (a web-chat webhook from a new visitor, nobody available, so {@code waiting} for webchat goes up by one) every
 * 1.5 s; latency is webhook sent → the {@code stats} frame showing the new figure, on every session.
 */
public final class WebsocketSuite implements BenchSuite {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public String name() {
        return "websocket";
    }

    /** What one screen has seen: the webchat waiting figure, and which changes it has caught up with. */
    static final class Screen {
        final CountDownLatch firstStats = new CountDownLatch(1);
        volatile int waiting = -1;
        volatile int caughtUp;
        volatile boolean hello;
        Sockets.Session session;
    }

    @Override
    public String run(BenchEnvironment environment) throws Exception {
        Quiet.clientLogs();
        int count = BenchSettings.integer("bench.sessions", 5000);
        int changes = BenchSettings.integer("bench.changes", 10);
        Duration every = BenchSettings.duration("bench.change.interval", Duration.ofMillis(1500));
        SignedWebhook hooks = new SignedWebhook("bench", SignedWebhook.newSecret());
        Latencies latencies = new Latencies();
        Latencies webhookLatency = new Latencies();
        AtomicLongArray sentAt = new AtomicLongArray(changes + 1);
        // Per change: the first and the last session to show it (ns after the webhook was sent).
        AtomicLongArray firstSeen = new AtomicLongArray(changes + 1);
        AtomicLongArray lastSeen = new AtomicLongArray(changes + 1);
        int[] base = {0};
        AtomicLong frames = new AtomicLong();
        List<Screen> screens = new ArrayList<>();
        String connectLine;
        String heapOpen;
        String heapAfter;
        long missed;
        CpuMeter.Usage usage;
        try (ChildProcess app = ChildProcess.startApp(environment, "websocket-app", "firstline_bench_ws", List.of(hooks.appArgument()));
             ApiClient api = new ApiClient(app.baseUrl(), 8);
             WebhookClient webhooks = new WebhookClient(app.baseUrl(), 4, Duration.ofSeconds(10))) {
            String token = api.login("supervisor1", "demo").block(Duration.ofSeconds(30));
            Sockets sockets = new Sockets(app.baseUrl());
            Semaphore handshakes = new Semaphore(200);
            long connectStart = System.nanoTime();
            for (int i = 0; i < count; i++) {
                handshakes.acquire();
                Screen screen = new Screen();
                screens.add(screen);
                screen.session = sockets.open("/ws/wallboard", token, text -> {
                    frames.incrementAndGet();
                    long now = System.nanoTime();
                    if (!screen.hello) {
                        screen.hello = true;
                        handshakes.release();
                    }
                    if (!text.startsWith("{\"type\":\"stats\"") && !text.contains("\"type\":\"stats\"")) {
                        return;
                    }
                    int waiting = webchatWaiting(text);
                    screen.waiting = waiting;
                    screen.firstStats.countDown();
                    int next = screen.caughtUp + 1;
                    while (next <= changes && sentAt.get(next) > 0 && waiting >= base[0] + next) {
                        long took = now - sentAt.get(next);
                        latencies.recordNanos(took);
                        int change = next;
                        firstSeen.accumulateAndGet(change, took, (a, b) -> a == 0 ? b : Math.min(a, b));
                        lastSeen.accumulateAndGet(change, took, Math::max);
                        screen.caughtUp = next;
                        next++;
                    }
                });
            }
            long withStats = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (Screen screen : screens) {
                if (screen.firstStats.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    withStats++;
                }
            }
            long connected = System.nanoTime();
            handshakes.release(count);
            long failed = screens.stream().filter(screen -> screen.session.ended()).count();
            connectLine = String.format("%,d of %,d sessions open with a first `stats` frame in %.1f s (%d ended or failed)",
                    withStats, count, (connected - connectStart) / 1e9, failed);
            System.out.println("websocket: " + connectLine);
            if (withStats == 0) {
                throw new IllegalStateException("no wallboard session got a stats frame: " + screens.get(0).session.failure());
            }
            base[0] = screens.stream().filter(screen -> screen.waiting >= 0).mapToInt(screen -> screen.waiting).max().orElse(0);
            heapOpen = heap(api);
            CpuMeter meter = new CpuMeter(app.pid());
            CpuMeter.Sample before = meter.start();
            for (int change = 1; change <= changes; change++) {
                long sent = System.nanoTime();
                sentAt.set(change, sent);
                WebhookClient.Answer answer = webhooks.post(hooks.next("Wallboard change " + change), false)
                        .block(Duration.ofSeconds(15));
                webhookLatency.recordNanos(System.nanoTime() - sent);
                if (answer == null || answer.status() != 202) {
                    throw new IllegalStateException("change " + change + ": webhook answered " + answer);
                }
                Thread.sleep(Math.max(0, every.toMillis() - (System.nanoTime() - sent) / 1_000_000));
            }
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < waitUntil
                    && screens.stream().anyMatch(screen -> screen.waiting >= 0 && screen.caughtUp < changes)) {
                Thread.sleep(50);
            }
            usage = before.until(meter.start());
            missed = screens.stream().mapToLong(screen -> changes - screen.caughtUp).sum();
            heapAfter = heap(api);
            screens.forEach(screen -> screen.session.requestClose());
            long closeBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            for (Screen screen : screens) {
                screen.session.awaitEnd(Duration.ofNanos(Math.max(1_000_000, closeBy - System.nanoTime())));
            }
        }
        Latencies.Summary summary = latencies.summary();
        Latencies.Summary webhook = webhookLatency.summary();
        System.out.printf("websocket: %d samples, p50 %s p99 %s max %s, missed %d, heap %s%n", summary.count(),
                summary.p(50), summary.p(99), summary.maxText(), missed, heapAfter);
        Latencies firsts = new Latencies();
        Latencies lasts = new Latencies();
        for (int change = 1; change <= changes; change++) {
            firsts.recordNanos(firstSeen.get(change));
            lasts.recordNanos(lastSeen.get(change));
        }
        Markdown table = new Markdown("sessions", "changes", "frames seen (all)", "change → stats p50", "p99", "max",
                "first / last session, median over changes",
                "missed", "webhook 202 p50", "CPU app", "CPU generator", "app heap used, sessions open");
        table.row(String.format("%,d", screens.size()), changes, String.format("%,d", frames.get()), summary.p(50),
                summary.p(99), summary.maxText(), firsts.summary().p(50) + " / " + lasts.summary().p(50), missed + " of " + String.format("%,d", (long) changes * screens.size()),
                webhook.p(50), Markdown.pct(usage.processes()[0]), Markdown.pct(usage.generator()), heapOpen + " → " + heapAfter);
        return "## WebSocket fan-out: " + String.format("%,d", count) + " wallboards\n\n"
                + "`mvn -Pbench -Dbench=websocket`\n\n"
                + "Supervisor `supervisor1` (demo profile) opens " + String.format("%,d", count) + " sessions on `/ws/wallboard`, "
                + "one Reactor Netty connection each, over loopback, bearer token on the handshake (" + connectLine + "). "
                + "Then " + changes + " times, every " + BenchSettings.seconds(every) + ", a signed web-chat webhook from a new "
                + "visitor with nobody available raises webchat `waiting` by one; latency is webhook sent → the `stats` frame "
                + "showing at least that figure, on every session (" + String.format("%,d", summary.count()) + " samples). "
                + "First / last session: per change, when the earliest and the latest session showed it (the spread is the "
                + "fan-out). Missed: (session, change) pairs not seen within 5 s of the last change. CPU in % of one core over the "
                + "change phase. Heap: `jvm_memory_used_bytes{area=\"heap\"}` from `/actuator/prometheus` (used, not live: "
                + "it includes garbage not yet collected), once the sessions were open and after the last change; the app "
                + "runs with `-Xmx1g`.\n\n"
                + table
                + "\nWhat limits the figures: the wallboard samples the live figures every 250 ms and pushes only changes, "
                + "so up to 250 ms of every sample is the sampling period; the webhook's own time to commit (the 202 column) "
                + "is part of it too. Then one frame is serialised and written per session (5,000 writes per change) on two "
                + "cores shared with the generator, which parses the same 5,000 frames.\n";
    }

    private static int webchatWaiting(String text) {
        JsonNode queues = JSON.readTree(text).path("data").path("queues");
        for (JsonNode queue : queues) {
            if ("webchat".equals(queue.path("channel").asString())) {
                return queue.path("waiting").asInt();
            }
        }
        return 0;
    }

    /** Heap used, summed over the heap pools, from the app's Prometheus endpoint. */
    private static String heap(ApiClient api) {
        // The metrics need the scraper's credential or an admin's token (docs/operations.md).
        String admin = api.login("admin", "demo").block(Duration.ofSeconds(30));
        WebhookClient.Answer answer = api.get("/actuator/prometheus", admin).block(Duration.ofSeconds(30));
        if (answer == null || answer.status() != 200) {
            return "?";
        }
        double used = 0;
        double max = 0;
        for (String line : answer.body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("jvm_memory_max_bytes{") && line.contains("area=\"heap\"")) {
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                max += Math.max(0, value);
            }
        }
        return String.format("%.0f MiB", used / 1024 / 1024);
    }
}

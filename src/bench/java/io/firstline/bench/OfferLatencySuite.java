package io.firstline.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.firstline.bench.support.AgentSeed;
import io.firstline.bench.support.ApiClient;
import io.firstline.bench.support.BenchSettings;
import io.firstline.bench.support.ChildProcess;
import io.firstline.bench.support.Latencies;
import io.firstline.bench.support.Markdown;
import io.firstline.bench.support.Quiet;
import io.firstline.bench.support.SignedWebhook;
import io.firstline.bench.support.Sockets;
import io.firstline.bench.support.WebhookClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook → offer: 500 agents (seeded straight into PostgreSQL, skill webchat) log in, open /ws/console and go
 * available; each accepts every offer at once and resolves the contact at once, so capacity frees. Contacts
 * arrive open loop (a new visitor each) at 100 / 500 / 1,000 per second; latency is from sending the webhook to
 * the {@code offer} frame for that contact id on the agent's socket.
 */
public final class OfferLatencySuite implements BenchSuite {

    private static final Pattern CONTACT_ID = Pattern.compile("\"contactId\"\\s*:\\s*(\\d+)");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PREFIX = "bench";

    @Override
    public String name() {
        return "offer-latency";
    }

    /** One arrival rate: what was sent, answered and offered, and when. */
    static final class Phase {
        final int rate;
        final long scheduled;
        long start;
        long end;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong shed = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong offered = new AtomicLong();
        final AtomicLong lastOffer = new AtomicLong();
        final AtomicLong last202 = new AtomicLong();
        final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
        final Latencies offerLatency = new Latencies();
        final Latencies webhookLatency = new Latencies();

        Phase(int rate, long scheduled) {
            this.rate = rate;
            this.scheduled = scheduled;
        }
    }

    /** A contact: when its webhook was sent (known at its 202), when its first offer arrived. */
    static final class Tracked {
        Phase phase;
        long sent = -1;
        long offered = -1;
    }

    private final Map<Long, Tracked> contacts = new ConcurrentHashMap<>();
    private final AtomicLong acceptsOk = new AtomicLong();
    private final AtomicLong resolvesOk = new AtomicLong();
    private final Map<String, AtomicLong> answerFailures = new ConcurrentHashMap<>();

    @Override
    public String run(BenchEnvironment environment) throws Exception {
        Quiet.clientLogs();
        int agentCount = BenchSettings.integer("bench.agents", 500);
        int[] rates = BenchSettings.integers("bench.rates", 100, 500, 1000);
        Duration phaseLength = BenchSettings.duration("bench.offer.phase", Duration.ofSeconds(15));
        Duration drain = BenchSettings.duration("bench.offer.drain", Duration.ofSeconds(10));
        int maxInFlight = BenchSettings.integer("bench.offer.inflight", 1000);
        SignedWebhook hooks = new SignedWebhook("bench", SignedWebhook.newSecret());
        String database = "firstline_bench_offers";
        List<Phase> phases = new ArrayList<>();
        String setup;
        try (ChildProcess app = ChildProcess.startApp(environment, "offer-app", database, List.of(hooks.appArgument()))) {
            AgentSeed.insert(database, "demo", PREFIX, agentCount, "bench", "webchat");
            try (ApiClient api = new ApiClient(app.baseUrl(), 256);
                 WebhookClient webhooks = new WebhookClient(app.baseUrl(), maxInFlight, Duration.ofSeconds(10))) {
                long t0 = System.nanoTime();
                List<String> tokens = Flux.range(1, agentCount)
                        .flatMapSequential(n -> api.login(AgentSeed.username(PREFIX, n), "bench"), 8)
                        .collectList().block(Duration.ofMinutes(2));
                long loggedIn = System.nanoTime();
                Sockets sockets = new Sockets(app.baseUrl());
                CountDownLatch hellos = new CountDownLatch(agentCount);
                List<Sockets.Session> sessions = new ArrayList<>();
                for (String token : tokens) {
                    AtomicInteger seen = new AtomicInteger();
                    sessions.add(sockets.open("/ws/console", token, frame -> {
                        if (seen.getAndIncrement() == 0) {
                            hellos.countDown();
                        }
                        onFrame(frame, token, api);
                    }));
                }
                if (!hellos.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException((agentCount - hellos.getCount()) + " of " + agentCount
                            + " console sockets said hello within 60 s");
                }
                long connected = System.nanoTime();
                List<Integer> states = Flux.fromIterable(tokens)
                        .flatMap(token -> api.post("/api/v1/agents/me/state", token, "{\"state\":\"available\"}")
                                .map(WebhookClient.Answer::status), 16)
                        .collectList().block(Duration.ofMinutes(1));
                long available = states.stream().filter(status -> status == 200).count();
                if (available != agentCount) {
                    throw new IllegalStateException(available + " of " + agentCount + " agents became available: " + states);
                }
                long ready = System.nanoTime();
                setup = String.format("%d agents: logins %.1f s, %d console sockets %.1f s, available %.1f s",
                        agentCount, (loggedIn - t0) / 1e9, agentCount, (connected - loggedIn) / 1e9, (ready - connected) / 1e9);
                System.out.println("offer-latency setup: " + setup);
                // Unmeasured first: the JIT compiles the app's hot code for about a minute under load.
                Duration jit = BenchSettings.duration("bench.jit-warmup", Duration.ofSeconds(20));
                if (!jit.isZero()) {
                    runPhase(rates[0], jit, drain, maxInFlight, webhooks, hooks);
                }
                for (int rate : rates) {
                    phases.add(runPhase(rate, phaseLength, drain, maxInFlight, webhooks, hooks));
                }
                sessions.forEach(Sockets.Session::requestClose);
                for (Sockets.Session session : sessions) {
                    session.awaitEnd(Duration.ofSeconds(5));
                }
            }
        }
        return section(phases, agentCount, phaseLength, drain, maxInFlight, setup);
    }

    private void onFrame(String text, String token, ApiClient api) {
        long now = System.nanoTime();
        if (!text.contains("\"type\":\"offer\"")) {
            return;
        }
        JsonNode frame = JSON.readTree(text);
        if (!"offer".equals(frame.path("type").asString())) {
            return;
        }
        JsonNode data = frame.path("data");
        long contactId = data.path("contactId").asLong();
        String offerId = data.path("offerId").asString();
        offered(contactId, now);
        api.post("/api/v1/offers/" + offerId + "/accept", token, null)
                .flatMap(accept -> {
                    if (accept.status() != 200) {
                        return Mono.just(new WebhookClient.Answer(accept.status(), "accept"));
                    }
                    acceptsOk.incrementAndGet();
                    return api.post("/api/v1/contacts/" + contactId + "/resolve", token, null)
                            .map(resolve -> new WebhookClient.Answer(resolve.status(), "resolve"));
                })
                .subscribe(answer -> {
                    if (answer.status() == 200 && answer.body().equals("resolve")) {
                        resolvesOk.incrementAndGet();
                    } else {
                        answerFailures.computeIfAbsent(answer.body() + " " + answer.status(), k -> new AtomicLong()).incrementAndGet();
                    }
                });
    }

    private void offered(long contactId, long now) {
        contacts.compute(contactId, (id, tracked) -> {
            if (tracked == null) {
                tracked = new Tracked();
            }
            if (tracked.offered < 0) {
                tracked.offered = now;
                if (tracked.sent >= 0) {
                    count(tracked);
                }
            }
            return tracked;
        });
    }

    private void sent(long contactId, Phase phase, long sentAt) {
        contacts.compute(contactId, (id, tracked) -> {
            if (tracked == null) {
                tracked = new Tracked();
            }
            tracked.phase = phase;
            tracked.sent = sentAt;
            if (tracked.offered >= 0) {
                count(tracked);
            }
            return tracked;
        });
    }

    private static void count(Tracked tracked) {
        Phase phase = tracked.phase;
        phase.offered.incrementAndGet();
        phase.offerLatency.recordNanos(tracked.offered - tracked.sent);
        phase.lastOffer.accumulateAndGet(tracked.offered, Math::max);
    }

    private Phase runPhase(int rate, Duration length, Duration drain, int maxInFlight, WebhookClient webhooks,
                           SignedWebhook hooks) throws InterruptedException {
        long scheduled = Math.round(rate * length.toNanos() / 1e9);
        Phase phase = new Phase(rate, scheduled);
        AtomicInteger inFlight = new AtomicInteger();
        double interval = 1e9 / rate;
        phase.start = System.nanoTime();
        for (long i = 0; i < scheduled; i++) {
            long due = phase.start + (long) (i * interval);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (inFlight.get() >= maxInFlight) {
                phase.shed.incrementAndGet();
                continue;
            }
            inFlight.incrementAndGet();
            phase.sent.incrementAndGet();
            long sentAt = System.nanoTime();
            webhooks.post(hooks.next("Offer latency " + rate + "/s"), true).subscribe(answer -> {
                long done = System.nanoTime();
                inFlight.decrementAndGet();
                Matcher id = CONTACT_ID.matcher(answer.body());
                if (answer.status() == 202 && id.find()) {
                    phase.accepted.incrementAndGet();
                    phase.webhookLatency.recordNanos(done - sentAt);
                    phase.last202.accumulateAndGet(done, Math::max);
                    sent(Long.parseLong(id.group(1)), phase, sentAt);
                } else {
                    String label = answer.status() == WebhookClient.TIMEOUT ? "timeout"
                            : answer.status() == WebhookClient.ERROR ? "error" : Integer.toString(answer.status());
                    phase.refusals.computeIfAbsent(label, k -> new AtomicLong()).incrementAndGet();
                }
            });
        }
        phase.end = System.nanoTime();
        long drainUntil = phase.end + drain.toNanos();
        while (System.nanoTime() < drainUntil && (inFlight.get() > 0 || phase.offered.get() < phase.accepted.get())) {
            Thread.sleep(20);
        }
        System.out.printf("offer-latency %5d/s: sent %d of %d (shed %d), 202 %d, refused %s, offers %d, p50 %s p99 %s max %s%n",
                rate, phase.sent.get(), scheduled, phase.shed.get(), phase.accepted.get(), phase.refusals,
                phase.offered.get(), phase.offerLatency.summary().p(50), phase.offerLatency.summary().p(99),
                phase.offerLatency.summary().maxText());
        // Let the last accepts and resolves finish so the next rate starts with free agents.
        Thread.sleep(1000);
        return phase;
    }

    private String section(List<Phase> phases, int agents, Duration length, Duration drain, int maxInFlight, String setup) {
        Markdown table = new Markdown("arrivals/s", "webhooks sent", "202", "non-202 / errors", "offers received",
                "offer p50", "offer p99", "offer max", "webhook 202 p50", "offers/s sustained", "verdict");
        for (Phase phase : phases) {
            Latencies.Summary offers = phase.offerLatency.summary();
            Latencies.Summary answers = phase.webhookLatency.summary();
            double span = (Math.max(phase.lastOffer.get(), phase.end) - phase.start) / 1e9;
            double sustained = phase.offered.get() / span;
            Map<String, Long> refused = new TreeMap<>();
            phase.refusals.forEach((k, v) -> refused.put(k, v.get()));
            long refusedTotal = refused.values().stream().mapToLong(Long::longValue).sum();
            boolean kept = phase.shed.get() == 0 && refusedTotal == 0 && phase.offered.get() == phase.scheduled
                    && sustained >= 0.95 * phase.rate;
            String verdict;
            if (kept) {
                verdict = "sustained";
            } else if (phase.offered.get() == phase.scheduled) {
                verdict = "not sustained: all " + phase.scheduled + " offered, but only at " + Markdown.rate(sustained)
                        + "/s (a backlog built up)";
            } else {
                verdict = "not sustained: " + phase.offered.get() + " of " + phase.scheduled + " offered within the run"
                        + (phase.shed.get() > 0 ? ", " + phase.shed.get() + " not sent (" + maxInFlight + " in flight)" : "");
            }
            table.row(String.format("%,d", phase.rate), phase.sent.get() + " of " + phase.scheduled, phase.accepted.get(),
                    refusedTotal == 0 ? "0" : refusedTotal + " " + refused, phase.offered.get(), offers.p(50), offers.p(99),
                    offers.maxText(), answers.p(50), Markdown.rate(sustained), verdict);
        }
        return "## Offer latency: webhook → offer frame on the agent's console\n\n"
                + "`mvn -Pbench -Dbench=offer-latency`\n\n"
                + agents + " agents (seeded into PostgreSQL, skill `webchat`, capacity 3 chats each) log in, open `/ws/console` "
                + "and go available; each accepts an offer as soon as its frame arrives and resolves the contact at once. "
                + "Contacts arrive open loop, each a new visitor (signed web-chat webhook), at each rate for "
                + BenchSettings.seconds(length) + "; at most " + maxInFlight + " webhooks in flight (beyond: not sent, "
                + "counted), then up to " + BenchSettings.seconds(drain) + " for the last answers and offers. Latency: "
                + "webhook sent → `offer` frame with that contact id (from the 202) on the agent's socket. "
                + "Offers/s sustained: offers received ÷ (last offer − first webhook). Setup: " + setup + "; then one unmeasured phase at the first rate (`bench.jit-warmup`, 20 s) so the JIT has compiled the hot code" + ".\n\n"
                + table
                + "\nAccepts OK " + acceptsOk.get() + ", resolves OK " + resolvesOk.get()
                + (answerFailures.isEmpty() ? "" : ", failures " + new TreeMap<>(toCounts(answerFailures)))
                + ", offer frames for contacts whose webhook got no 202 (timed out or refused by the client, yet committed) "
                + contacts.values().stream().filter(tracked -> tracked.sent < 0 && tracked.offered >= 0).count()
                + ". Webhook timeout: 10 s (so latencies near 10 s are cut off there: those webhooks count as timeouts).\n\n"
                + "What limits the figures: the embedded intake answers 202 only once the contact is committed, and the "
                + "offer follows from the router; when intake cannot keep up with the arrival rate, webhooks queue (latency "
                + "grows with the backlog) or are refused with 503 beyond `firstline.intake.capacity`. The generator (this "
                + "JVM: webhooks, 500 sockets, an accept and a resolve per offer) shares the two cores with the app and "
                + "PostgreSQL, so at high rates part of the latency is the generator's own.\n";
    }

    private static Map<String, Long> toCounts(Map<String, AtomicLong> counters) {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}

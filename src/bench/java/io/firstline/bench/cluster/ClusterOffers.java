package io.firstline.bench.cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.firstline.bench.support.AgentSeed;
import io.firstline.bench.support.ApiClient;
import io.firstline.bench.support.Latencies;
import io.firstline.bench.support.SignedWebhook;
import io.firstline.bench.support.Sockets;
import io.firstline.bench.support.WebhookClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Agents spread over the three nodes (agent <i>i</i> logs in, opens {@code /ws/console} and goes available on node
 * <i>i</i> mod 3; accepts every offer at once and resolves it, on its own node), and contacts sent open loop to the
 * nodes in turn. In Kafka mode the 202 carries no contact id, so each webhook's text carries its number
 * ({@code "<label> #n"}) and the offer frame's {@code text} says which webhook it is for.
 */
final class ClusterOffers implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern NUMBER = Pattern.compile("#(\\d+)$");
    private static final String PREFIX = "cbench";

    /** One open-loop phase at one rate. */
    static final class Phase {
        final String label;
        final int rate;
        long start;
        long end;
        final AtomicLong scheduled = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong shed = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong offered = new AtomicLong();
        final AtomicLong lastOffer = new AtomicLong();
        final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
        final Latencies offerLatency = new Latencies();
        final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        /** First offers (one per webhook) by the node whose console received them: index = node. */
        final AtomicLong[] offeredOn = {new AtomicLong(), new AtomicLong(), new AtomicLong()};

        Phase(String label, int rate) {
            this.label = label;
            this.rate = rate;
        }

        /** "node-1 a, node-2 b, node-3 c": the first offers that reached the consoles on each node. */
        String offeredPerNode() {
            StringBuilder out = new StringBuilder();
            for (int node = 0; node < offeredOn.length; node++) {
                out.append(node == 0 ? "" : ", ").append("node-").append(node + 1).append(' ').append(offeredOn[node].get());
            }
            return out.toString();
        }

        Map<String, Long> refused() {
            Map<String, Long> out = new TreeMap<>();
            refusals.forEach((k, v) -> out.put(k, v.get()));
            return out;
        }
    }

    /** A webhook: when it was sent, whether it got its 202, when its first offer arrived. */
    private static final class Tracked {
        final Phase phase;
        final long sent;
        volatile boolean acknowledged;
        long offered = -1;

        Tracked(Phase phase, long sent) {
            this.phase = phase;
            this.sent = sent;
        }
    }

    /**
     * Every offer frame: its arrival (nanoTime), the node of the socket it arrived on and when the router made it
     * ({@code offeredAt}, epoch ms: every process reads the same wall clock on this machine), for the failover pause.
     */
    record Arrival(long nanos, int node, long offeredAtMillis) {
    }

    private final Cluster cluster;
    private final SignedWebhook hooks;
    private final String runTag = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong numbers = new AtomicLong();
    private final Map<Long, Tracked> webhooks = new ConcurrentHashMap<>();
    private final List<ApiClient> apis = new ArrayList<>();
    private final List<WebhookClient> senders = new ArrayList<>();
    private final List<Sockets.Session> sessions = new ArrayList<>();
    private final List<Arrival> arrivals = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean recordArrivals;
    final AtomicLong acceptsOk = new AtomicLong();
    final AtomicLong resolvesOk = new AtomicLong();
    final Map<String, AtomicLong> answerFailures = new ConcurrentHashMap<>();
    private final List<String> tokens = new ArrayList<>();
    private final AtomicLong reconnects = new AtomicLong();
    private String setup = "";

    ClusterOffers(Cluster cluster, SignedWebhook hooks, int maxInFlight) {
        this.cluster = cluster;
        this.hooks = hooks;
        for (Cluster.Node node : cluster.nodes()) {
            apis.add(new ApiClient(node.baseUrl(), 128));
            senders.add(new WebhookClient(node.baseUrl(), maxInFlight, Duration.ofSeconds(10)));
        }
    }

    /** Seeds, logs in, connects and makes available {@code agents} agents, spread over the nodes. */
    void connectAgents(int agents) throws Exception {
        int nodes = cluster.nodes().size();
        AgentSeed.insert(ClusterSuite.DATABASE, "demo", PREFIX, agents, "bench", "webchat");
        long t0 = System.nanoTime();
        List<String> tokens = Flux.range(1, agents)
                .flatMapSequential(n -> apis.get((n - 1) % nodes).login(AgentSeed.username(PREFIX, n), "bench"), 8)
                .collectList().block(Duration.ofMinutes(2));
        long loggedIn = System.nanoTime();
        this.tokens.addAll(tokens);
        List<Sockets> perNode = cluster.nodes().stream().map(node -> new Sockets(node.baseUrl())).toList();
        // A console whose hello fails (its snapshot asks the routing owner, 5 s at most) is closed by the server;
        // the browser reconnects, and so does this: the reconnects are counted.
        AtomicInteger[] seen = new AtomicInteger[agents];
        Sockets.Session[] open = new Sockets.Session[agents];
        for (int i = 0; i < agents; i++) {
            seen[i] = new AtomicInteger();
            open[i] = connect(perNode, i, tokens.get(i), seen[i]);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            int hellos = 0;
            for (int i = 0; i < agents; i++) {
                if (seen[i].get() > 0) {
                    hellos++;
                } else if (open[i].ended()) {
                    reconnects.incrementAndGet();
                    open[i] = connect(perNode, i, tokens.get(i), seen[i]);
                }
            }
            if (hellos == agents) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(hellos + " of " + agents + " consoles said hello within 120 s ("
                        + reconnects.get() + " reconnects)");
            }
            Thread.sleep(100);
        }
        sessions.addAll(List.of(open));
        long connected = System.nanoTime();
        List<Integer> states = Flux.range(0, agents)
                .flatMap(i -> apis.get(i % nodes).post("/api/v1/agents/me/state", tokens.get(i), "{\"state\":\"available\"}")
                        .map(WebhookClient.Answer::status), 16)
                .collectList().block(Duration.ofMinutes(2));
        long available = states.stream().filter(status -> status == 200).count();
        if (available != agents) {
            throw new IllegalStateException(available + " of " + agents + " agents became available: " + new TreeMap<>(
                    states.stream().collect(java.util.stream.Collectors.groupingBy(s -> s, java.util.stream.Collectors.counting()))));
        }
        setup = String.format("%d agents (%d per node): logins %.1f s, consoles %.1f s (%d reconnects after a failed hello), "
                        + "available %.1f s", agents, agents / nodes, (loggedIn - t0) / 1e9, (connected - loggedIn) / 1e9,
                reconnects.get(), (System.nanoTime() - connected) / 1e9);
        System.out.println("cluster offers setup: " + setup);
    }

    private Sockets.Session connect(List<Sockets> perNode, int agent, String token, AtomicInteger seen) {
        int node = agent % perNode.size();
        return perNode.get(node).open("/ws/console", token, frame -> {
            seen.incrementAndGet();
            onFrame(frame, token, node);
        });
    }

    String setup() {
        return setup;
    }

    private void onFrame(String text, String token, int node) {
        long now = System.nanoTime();
        if (!text.contains("\"type\":\"offer\"")) {
            return;
        }
        JsonNode frame = JSON.readTree(text);
        if (!"offer".equals(frame.path("type").asString())) {
            return;
        }
        JsonNode data = frame.path("data");
        if (recordArrivals) {
            arrivals.add(new Arrival(now, node, epochMillis(data.path("offeredAt"))));
        }
        long contactId = data.path("contactId").asLong();
        String offerId = data.path("offerId").asString();
        Matcher number = NUMBER.matcher(data.path("text").asString(""));
        if (number.find()) {
            offered(Long.parseLong(number.group(1)), now, node);
        }
        ApiClient api = apis.get(node);
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
                        answerFailures.computeIfAbsent(answer.body() + " " + ClusterIntake.label(answer.status()),
                                k -> new AtomicLong()).incrementAndGet();
                    }
                });
    }

    private static long epochMillis(JsonNode instant) {
        if (instant.isNumber()) {
            return (long) (instant.asDouble() * 1000);
        }
        return java.time.Instant.parse(instant.asString()).toEpochMilli();
    }

    private void offered(long number, long now, int node) {
        Tracked tracked = webhooks.get(number);
        if (tracked == null) {
            return;
        }
        synchronized (tracked) {
            if (tracked.offered >= 0) {
                return;
            }
            tracked.offered = now;
        }
        Phase phase = tracked.phase;
        phase.offered.incrementAndGet();
        phase.offeredOn[node].incrementAndGet();
        phase.offerLatency.recordNanos(now - tracked.sent);
        phase.lastOffer.accumulateAndGet(now, Math::max);
    }

    /**
     * Sends {@code rate} webhooks a second for {@code length} to the nodes {@code targets} gives (in turn), at most
     * {@code maxInFlight} unanswered (beyond: not sent, counted); then waits up to {@code drain} for the offers.
     * {@code during} runs once, as soon as {@code when} (given the nanoseconds since the start) says so, on the sending
     * thread's schedule (the failover's kill).
     */
    Phase run(String label, int rate, Duration length, Duration drain, int maxInFlight, Supplier<List<Integer>> targets,
              java.util.function.LongPredicate when, Runnable during) throws InterruptedException {
        Phase phase = new Phase(label, rate);
        long scheduled = Math.round(rate * length.toNanos() / 1e9);
        phase.scheduled.set(scheduled);
        AtomicInteger inFlight = new AtomicInteger();
        double interval = 1e9 / rate;
        phase.start = System.nanoTime();
        boolean duringDone = during == null;
        for (long i = 0; i < scheduled; i++) {
            long due = phase.start + (long) (i * interval);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!duringDone && when.test(System.nanoTime() - phase.start)) {
                duringDone = true;
                during.run();
            }
            if (inFlight.get() >= maxInFlight) {
                phase.shed.incrementAndGet();
                continue;
            }
            List<Integer> live = targets.get();
            int node = live.get((int) (i % live.size()));
            long n = numbers.incrementAndGet();
            long sentAt = System.nanoTime();
            Tracked tracked = new Tracked(phase, sentAt);
            webhooks.put(n, tracked);
            inFlight.incrementAndGet();
            phase.sent.incrementAndGet();
            senders.get(node).post(hooks.build("cv-" + runTag + "-" + n, n, label + " #" + n), false).subscribe(answer -> {
                inFlight.decrementAndGet();
                if (answer.status() == 202) {
                    tracked.acknowledged = true;
                    phase.accepted.incrementAndGet();
                    phase.acknowledged.add(n);
                } else {
                    phase.refusals.computeIfAbsent(ClusterIntake.label(answer.status()), k -> new AtomicLong()).incrementAndGet();
                }
            });
        }
        phase.end = System.nanoTime();
        long drainUntil = phase.end + drain.toNanos();
        while (System.nanoTime() < drainUntil && (inFlight.get() > 0 || phase.offered.get() < phase.accepted.get())) {
            Thread.sleep(20);
        }
        Latencies.Summary offers = phase.offerLatency.summary();
        System.out.printf("cluster %s %d/s: sent %d of %d (shed %d), 202 %d, refused %s, offers %d (%s), p50 %s p99 %s max %s%n",
                label, rate, phase.sent.get(), scheduled, phase.shed.get(), phase.accepted.get(), phase.refused(),
                phase.offered.get(), phase.offeredPerNode(), offers.p(50), offers.p(99), offers.maxText());
        // The last accepts and resolves finish, so the next phase starts with free agents.
        Thread.sleep(1000);
        return phase;
    }

    /** Offer frames on sockets of nodes other than {@code excluded} from now until {@link #stopRecording()}. */
    void recordArrivals() {
        arrivals.clear();
        recordArrivals = true;
    }

    /** Offer frames recorded so far on sockets of nodes other than {@code excluded}. */
    long arrivalsOutside(int excluded) {
        synchronized (arrivals) {
            return arrivals.stream().filter(arrival -> arrival.node() != excluded).count();
        }
    }

    /**
     * Offer frames recorded (re-offers included) per node, before and after {@code kill} (nanoTime), by arrival:
     * "node-1 a → b, …" (the killed node's sockets die with it).
     */
    String arrivalsPerNode(long kill) {
        long[] before = new long[3];
        long[] after = new long[3];
        synchronized (arrivals) {
            for (Arrival arrival : arrivals) {
                (arrival.nanos() <= kill ? before : after)[arrival.node()]++;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int node = 0; node < 3; node++) {
            out.append(node == 0 ? "" : ", ").append("node-").append(node + 1).append(' ').append(before[node])
                    .append(" → ").append(after[node]);
        }
        return out.toString();
    }

    List<Arrival> stopRecording(int excluded) {
        recordArrivals = false;
        synchronized (arrivals) {
            return arrivals.stream().filter(arrival -> arrival.node() != excluded)
                    .sorted(java.util.Comparator.comparingLong(Arrival::offeredAtMillis)).toList();
        }
    }

    /** Polls until no contact is queued or offered, at most {@code timeout}; the number still waiting. */
    static long waiting(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection db = AgentSeed.jdbc(ClusterSuite.DATABASE)) {
            while (true) {
                long waiting;
                try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(
                        "SELECT count(*) FROM contact WHERE status IN ('queued', 'offered')")) {
                    rows.next();
                    waiting = rows.getLong(1);
                }
                if (waiting == 0 || System.nanoTime() > deadline) {
                    return waiting;
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * The webhook numbers of {@code label} stored as inbound messages, polled until every acknowledged one is there
     * or {@code timeout} passes (the consumers may still be catching up).
     */
    static Set<Long> stored(String label, Set<Long> acknowledged, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Long> stored = new HashSet<>();
        try (Connection db = AgentSeed.jdbc(ClusterSuite.DATABASE)) {
            while (true) {
                stored.clear();
                try (Statement statement = db.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT body FROM message WHERE direction = 'inbound' AND body LIKE '"
                             + label + " #%'")) {
                    while (rows.next()) {
                        Matcher number = NUMBER.matcher(rows.getString(1));
                        if (number.find()) {
                            stored.add(Long.parseLong(number.group(1)));
                        }
                    }
                }
                if (stored.containsAll(acknowledged) || System.nanoTime() > deadline) {
                    return stored;
                }
                Thread.sleep(250);
            }
        }
    }

    /** Every agent offline (through {@code node}: a token works on any node), so later load offers nobody. */
    void allOffline(int node) {
        Flux.fromIterable(tokens)
                .flatMap(token -> apis.get(node).post("/api/v1/agents/me/state", token, "{\"state\":\"offline\"}"), 16)
                .then().block(Duration.ofMinutes(1));
    }

    /** Socket sessions on the given node are gone with it; the rest are closed. */
    @Override
    public void close() {
        sessions.forEach(Sockets.Session::requestClose);
        for (Sockets.Session session : sessions) {
            try {
                session.awaitEnd(Duration.ofSeconds(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        apis.forEach(ApiClient::close);
        senders.forEach(WebhookClient::close);
    }
}

package io.firstline.bench.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import io.firstline.bench.BenchEnvironment;
import io.firstline.bench.BenchSuite;
import io.firstline.bench.support.BenchSettings;
import io.firstline.bench.support.ChildProcess;
import io.firstline.bench.support.Latencies;
import io.firstline.bench.support.Markdown;
import io.firstline.bench.support.Quiet;
import io.firstline.bench.support.SignedWebhook;

/**
 * Three nodes in Kafka mode on this machine (issue 16): offer latency with agents and contacts spread over the
 * nodes, the routing pause when the routing owner is killed (kill -9), then intake over the three nodes (the killed
 * one started again) against the bare endpoint. The nodes share the two cores, so the figures are per node and the
 * pause, not a speed-up. {@code -Dbench.cluster.parts=offers,failover,intake} picks parts (in that order: intake
 * last, because its contacts would queue ahead of the offer runs').
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
        List<String> parts = List.of(System.getProperty("bench.cluster.parts", "offers,failover,intake").split(","));
        Duration sessionTimeout = BenchSettings.duration("bench.cluster.session-timeout", Duration.ofSeconds(6));
        int agents = BenchSettings.integer("bench.agents", 150);
        // 500/s did not fit on the shared 2 cores (the cluster routed well below 100/s there): -Dbench.rates=100,500.
        int[] rates = BenchSettings.integers("bench.rates", 100);
        int warmupRate = BenchSettings.integer("bench.cluster.warmup-rate", 30);
        Duration phaseLength = BenchSettings.duration("bench.offer.phase", Duration.ofSeconds(10));
        Duration drain = BenchSettings.duration("bench.offer.drain", Duration.ofSeconds(30));
        Duration jit = BenchSettings.duration("bench.jit-warmup", Duration.ofSeconds(10));
        int maxInFlight = BenchSettings.integer("bench.offer.inflight", 1000);
        int failoverRate = BenchSettings.integer("bench.cluster.failover-rate", 50);
        Duration beforeKill = BenchSettings.duration("bench.cluster.before-kill", Duration.ofSeconds(8));
        // The kill waits for offers to flow on the survivors' consoles (webhook → offer took longer than 8 s here).
        Duration latestKill = BenchSettings.duration("bench.cluster.latest-kill", Duration.ofSeconds(30));
        Duration afterKill = BenchSettings.duration("bench.cluster.after-kill", Duration.ofSeconds(20));
        Duration warmup = BenchSettings.duration("bench.warmup", Duration.ofSeconds(2));
        Duration measured = BenchSettings.duration("bench.cluster.duration", Duration.ofSeconds(8));
        int[] concurrencies = BenchSettings.integers("bench.concurrency", 16, 64, 256);
        SignedWebhook hooks = new SignedWebhook("bench", SignedWebhook.newSecret());

        StringBuilder body = new StringBuilder();
        String startup;
        long started = System.nanoTime();
        try (Cluster cluster = Cluster.start(environment, DATABASE, sessionTimeout, List.of(hooks.appArgument()))) {
            startup = cluster.startup();
            if (parts.contains("offers") || parts.contains("failover")) {
                try (ClusterOffers offers = new ClusterOffers(cluster, hooks, maxInFlight)) {
                    offers.connectAgents(agents);
                    List<Integer> all = List.of(0, 1, 2);
                    if (!jit.isZero()) {
                        offers.run("warm-up", warmupRate, jit, drain, maxInFlight, () -> all, null, null);
                    }
                    if (parts.contains("offers")) {
                        List<ClusterOffers.Phase> phases = new ArrayList<>();
                        for (int rate : rates) {
                            phases.add(offers.run("offers", rate, phaseLength, drain, maxInFlight, () -> all, null, null));
                        }
                        body.append(offerSection(phases, offers, phaseLength, drain, maxInFlight));
                    }
                    if (parts.contains("failover")) {
                        body.append(failover(cluster, offers, failoverRate, beforeKill, latestKill, afterKill, sessionTimeout, maxInFlight));
                    }
                    // Nobody takes the intake part's contacts (they would be offered to these agents otherwise).
                    offers.allOffline(cluster.live().isEmpty() ? 0 : cluster.nodes().indexOf(cluster.live().get(0)));
                }
            }
            if (parts.contains("intake")) {
                try {
                    body.append(intake(environment, cluster, hooks, concurrencies, warmup, measured, jit));
                } catch (Exception e) {
                    // The other parts' figures still stand; say what failed instead of losing them.
                    e.printStackTrace();
                    body.append("### Intake over three nodes\n\nFailed in this run: ").append(e).append("\n\n");
                }
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        return "## Three nodes in Kafka mode: offer latency, failover, intake (issue 16)\n\n"
                + "`mvn -Pbench -Dbench=cluster` (" + seconds / 60 + " min " + seconds % 60 + " s here)\n\n"
                + "The local Kafka broker (`LocalKafkaBroker`, KRaft, fresh data directory, `-Xmx512m`) and three Firstline "
                + "nodes in Kafka mode (`-Xmx1g` each, node ids `node-1..3`, one JWT secret, one database, demo profile "
                + "without its 90 days of history, simulator off), each its own process on this machine, started as "
                + "`scripts/cluster.sh` does; `firstline.cluster.session-timeout` and the intake consumer's "
                + "`session.timeout.ms` (`firstline.kafka.client.*`) " + BenchSettings.seconds(sessionTimeout) + ". "
                + "Start-up: " + startup + ". All three nodes, the broker, PostgreSQL and the generator (this JVM) share "
                + "the **two cores** (and other sessions were working on the machine: the figures are noisy), so three "
                + "nodes cannot be faster than one here: the point is what each node does, and the pause when one dies.\n\n"
                + body
                + "Load average when the suite ended: " + loadAverage() + " (2 cores, shared).\n";
    }

    private static String offerSection(List<ClusterOffers.Phase> phases, ClusterOffers offers, Duration length,
                                       Duration drain, int maxInFlight) {
        Markdown table = new Markdown("arrivals/s", "webhooks sent", "202", "non-202 / errors", "offers received",
                "offers per node (its consoles)", "offer p50", "offer p99", "offer max", "offers/s sustained");
        for (ClusterOffers.Phase phase : phases) {
            Latencies.Summary latency = phase.offerLatency.summary();
            double span = (Math.max(phase.lastOffer.get(), phase.end) - phase.start) / 1e9;
            Map<String, Long> refused = phase.refused();
            long refusedTotal = refused.values().stream().mapToLong(Long::longValue).sum();
            table.row(String.format("%,d", phase.rate), phase.sent.get() + " of " + phase.scheduled.get()
                            + (phase.shed.get() > 0 ? " (" + phase.shed.get() + " not sent)" : ""),
                    phase.accepted.get(), refusedTotal == 0 ? "0" : refusedTotal + " " + refused,
                    phase.offered.get() + " of " + phase.accepted.get(), phase.offeredPerNode(), latency.p(50), latency.p(99),
                    latency.maxText(),
                    Markdown.rate(phase.offered.get() / span));
        }
        return "### Offer latency, agents and contacts over three nodes\n\n"
                + offers.setup() + "; agent *i* logs in, opens `/ws/console`, goes available, accepts and resolves "
                + "on node *i* mod 3; webhooks (a new visitor each) go to the nodes in turn, open loop, "
                + BenchSettings.seconds(length) + " per rate (at most " + maxInFlight + " in flight), then up to "
                + BenchSettings.seconds(drain) + " for the last offers; before them one unmeasured phase (`bench.jit-warmup`, "
                + "`bench.cluster.warmup-rate`) and its drain. Latency: webhook sent → its `offer` frame on whichever node the agent is on "
                + "(the webhook's number travels in its text: a Kafka-mode 202 has no contact id). The path: webhook → "
                + "broker (202) → the intake consumer of the partition's node commits the contact → the routing command "
                + "to the owner over `firstline.routing` → the offer event over `firstline.events` → the agent's node.\n\n"
                + table
                + "\nAccepts OK " + offers.acceptsOk.get() + ", resolves OK " + offers.resolvesOk.get()
                + (offers.answerFailures.isEmpty() ? "" : ", failures " + counts(offers.answerFailures))
                + " (all phases of the suite). Single node, embedded mode: see the *Offer latency* section (a different "
                + "run, 500 agents; embedded mode answers 202 after the commit, so its path has no broker hops).\n\n";
    }

    private static String failover(Cluster cluster, ClusterOffers offers, int rate, Duration beforeKill, Duration latestKill,
                                   Duration afterKill,
                                   Duration sessionTimeout, int maxInFlight) throws Exception {
        // The offer phases' backlog first (the cluster may route more slowly than they sent), or the pause drowns in it.
        long backlogFrom = System.nanoTime();
        long backlog = ClusterOffers.waiting(Duration.ofSeconds(90));
        String backlogText = String.format("%d contacts still queued or offered after waiting %.0f s for the earlier "
                + "phases' backlog", backlog, (System.nanoTime() - backlogFrom) / 1e9);
        System.out.println("cluster failover: " + backlogText);
        Cluster.Node owner = cluster.awaitOwner(cluster.nodes(), Duration.ofSeconds(30));
        int ownerIndex = cluster.nodes().indexOf(owner);
        List<Integer> survivors = new ArrayList<>(List.of(0, 1, 2));
        survivors.remove(Integer.valueOf(ownerIndex));
        List<Integer> all = List.of(0, 1, 2);
        AtomicLong killedAt = new AtomicLong();
        AtomicLong killedAtWall = new AtomicLong();
        // Read from the sending loop: once killed, webhooks go to the survivors only (as a load balancer would).
        boolean[] killed = {false};
        offers.recordArrivals();
        int minimumOffers = 100;
        ClusterOffers.Phase phase = offers.run("failover", rate, latestKill.plus(afterKill), Duration.ofSeconds(20), maxInFlight,
                () -> killed[0] ? survivors : all,
                elapsed -> elapsed >= latestKill.toNanos()
                        || elapsed >= beforeKill.toNanos() && offers.arrivalsOutside(ownerIndex) >= minimumOffers, () -> {
                    killedAt.set(System.nanoTime());
                    killedAtWall.set(System.currentTimeMillis());
                    killed[0] = true;
                    Thread crash = new Thread(() -> {
                        try {
                            owner.process().crash();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, "kill-owner");
                    crash.start();
                    System.out.println("cluster failover: kill -9 " + owner.id() + " (pid " + owner.process().pid() + ")");
                });
        String perNodeArrivals = offers.arrivalsPerNode(killedAt.get());
        List<ClusterOffers.Arrival> arrivals = offers.stopRecording(ownerIndex);
        Cluster.Node newOwner = cluster.awaitOwner(cluster.live(), Duration.ofSeconds(30));
        // The pause, by the router's own clock: the last offer made before the kill and the first made after it,
        // among the offer frames on the survivors' sockets (arrivals lag behind when the event consumers are busy).
        long killWall = killedAtWall.get();
        ClusterOffers.Arrival lastBefore = null;
        ClusterOffers.Arrival firstAfter = null;
        for (ClusterOffers.Arrival arrival : arrivals) {
            if (arrival.offeredAtMillis() <= killWall) {
                lastBefore = arrival;
            } else if (firstAfter == null) {
                firstAfter = arrival;
            }
        }
        long storedFrom = System.nanoTime();
        Set<Long> stored = ClusterOffers.stored("failover", phase.acknowledged, Duration.ofSeconds(90));
        double storedAfter = (System.nanoTime() - storedFrom) / 1e9;
        Set<Long> lost = new HashSet<>(phase.acknowledged);
        lost.removeAll(stored);
        Set<Long> unacknowledgedStored = new HashSet<>(stored);
        unacknowledgedStored.removeAll(phase.acknowledged);
        Duration restart = cluster.restart(ownerIndex);
        long kill = killedAt.get();
        // By arrival too: the last frame that reached a survivor's console before the kill, the first after it.
        long arrivedBefore = Long.MIN_VALUE;
        long arrivedAfter = Long.MAX_VALUE;
        for (ClusterOffers.Arrival arrival : arrivals) {
            if (arrival.nanos() <= kill) {
                arrivedBefore = Math.max(arrivedBefore, arrival.nanos());
            } else {
                arrivedAfter = Math.min(arrivedAfter, arrival.nanos());
            }
        }
        String byArrival = arrivedBefore == Long.MIN_VALUE || arrivedAfter == Long.MAX_VALUE ? "–"
                : String.format("%.2f s (%.2f s before the kill → %.2f s after it)", (arrivedAfter - arrivedBefore) / 1e9,
                        (kill - arrivedBefore) / 1e9, (arrivedAfter - kill) / 1e9);
        String pause = lastBefore == null || firstAfter == null ? "no offer on the survivors' sockets "
                + (lastBefore == null ? "made before" : "made after") + " the kill (" + arrivals.size() + " offer frames there)"
                : String.format("%.2f s (offeredAt: last offer %.2f s before the kill, first %.2f s after it; that first one "
                                + "reached its console %.2f s after the kill)",
                        (firstAfter.offeredAtMillis() - lastBefore.offeredAtMillis()) / 1e3,
                        (killWall - lastBefore.offeredAtMillis()) / 1e3, (firstAfter.offeredAtMillis() - killWall) / 1e3,
                        (firstAfter.nanos() - kill) / 1e9);
        System.out.println("cluster failover: pause " + pause + "; acknowledged " + phase.acknowledged.size() + ", stored "
                + stored.size() + ", lost " + lost.size() + "; " + newOwner.id() + " routes; " + owner.id() + " ready again after "
                + restart.toMillis() + " ms");
        Map<String, Long> refused = phase.refused();
        Latencies.Summary latency = phase.offerLatency.summary();
        return "### Failover: kill -9 of the routing owner under load\n\n"
                + "The same agents; contacts at " + rate + "/s to the nodes in turn for " + BenchSettings.seconds(latestKill.plus(afterKill))
                + "; once at least " + BenchSettings.seconds(beforeKill) + " have passed and " + minimumOffers + " offers have "
                + "reached the survivors' consoles (or at " + BenchSettings.seconds(latestKill) + " at the latest; here after "
                + String.format("%.1f s", (killedAt.get() - phase.start) / 1e9) + "), `kill -9` of the routing owner (found by `firstline_routing_owned_workspaces 1.0` on "
                + "`/actuator/prometheus`, scraped with the demo's credential), and from then on to the two survivors only (as a load balancer would once the node fails its checks); session "
                + "timeout " + BenchSettings.seconds(sessionTimeout) + ". The agents connected to the killed node lose their "
                + "consoles (their offers time out and go to others). Pause = from the last `offer` made before the kill to "
                + "the first made after it, by the frames' `offeredAt` (the router's clock; every process here reads the "
                + "same wall clock), among the frames on the survivors' sockets.\n\n"
                + new Markdown("failover", "").row("killed", owner.id() + " (routing owner)")
                        .row("new routing owner", newOwner.id())
                        .row("**pause in offers**", "**" + pause + "**")
                        .row("offer frames on the survivors' consoles, by arrival", byArrival)
                        .row("offer frames per node (consoles there), before → after the kill", perNodeArrivals)
                        .row("first offers per node over the phase", phase.offeredPerNode())
                        .row("before the phase", backlogText)
                        .row("webhooks sent / 202", phase.sent.get() + " / " + phase.accepted.get()
                                + (refused.isEmpty() ? "" : " (not 202: " + refused + ", mostly those in flight to the killed node)"))
                        .row("202 then stored in PostgreSQL", stored.containsAll(phase.acknowledged)
                                ? String.format("all %d (none lost), the last %.0f s after the phase", phase.acknowledged.size(), storedAfter)
                                : (phase.acknowledged.size() - lost.size()) + " of " + phase.acknowledged.size() + ": **" + lost.size()
                                        + " not stored** 90 s after the phase")
                        .row("stored without a 202 (answer lost with the node, record written)", unacknowledgedStored.size())
                        .row("first offers received (of 202)", phase.offered.get() + " of " + phase.accepted.get()
                                + " by the end of this part (after the storage check and the restart)")
                        .row("offer p50 / p99 / max over the phase", latency.p(50) + " / " + latency.p(99) + " / " + latency.maxText())
                        .row("killed node started again, ready after", BenchSettings.seconds(Duration.ofMillis(restart.toMillis() / 100 * 100)))
                + "\n";
    }

    private static String intake(BenchEnvironment environment, Cluster cluster, SignedWebhook hooks, int[] concurrencies,
                                 Duration warmup, Duration measured, Duration jit) throws Exception {
        List<ClusterIntake.Row> rows = new ArrayList<>();
        List<String> urls = cluster.nodes().stream().map(Cluster.Node::baseUrl).toList();
        try (ChildProcess bare = ChildProcess.startBare(environment, "cluster-bare")) {
            List<String> bareUrl = List.of(bare.baseUrl());
            long[] barePid = {bare.pid()};
            if (!jit.isZero()) {
                ClusterIntake.measure("bare", bareUrl, barePid, 64, Duration.ofSeconds(1), jit, hooks, false);
                ClusterIntake.measure("cluster", urls, cluster.pids(), 64, Duration.ofSeconds(1), jit, hooks, true);
            }
            for (int concurrency : concurrencies) {
                rows.add(ClusterIntake.measure("bare", bareUrl, barePid, concurrency, warmup, measured, hooks, false));
                rows.add(ClusterIntake.measure("cluster", urls, cluster.pids(), concurrency, warmup, measured, hooks, true));
            }
        }
        return "### Intake over three nodes vs bare Reactor Netty\n\n"
                + "IntakeSuite's closed loop (signed web-chat webhooks, a new visitor each), worker *w* always posting to "
                + "node *w* mod 3 (a pool of in-flight ÷ 3 connections per node), against the bare Reactor Netty endpoint "
                + "with the same generator, interleaved per in-flight level; " + BenchSettings.seconds(warmup)
                + " warm-up and " + BenchSettings.seconds(measured) + " measured per row, after one unmeasured run of each at "
                + "64 in flight (`bench.jit-warmup`). In Kafka mode **202 means the broker acknowledged the record**, not "
                + "that PostgreSQL committed it (embedded mode's meaning in the single-node *Intake* section), so "
                + "*stored/s* counts the contacts committed in the same window (SQL `count(*)` before and after): "
                + "below accepted/s, the consumers fall behind and catch up later. CPU in % of one core.\n\n"
                + ClusterIntake.table(rows)
                + "\nWhat limits the figures: the two cores, shared by three app JVMs, the broker, PostgreSQL and the "
                + "generator. Per node, each webhook costs its verification and an idempotent `acks=all` send; each "
                + "record then a consumer and a database transaction on the node that owns its partition.\n\n";
    }

    private static Map<String, Long> counts(Map<String, AtomicLong> counters) {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}

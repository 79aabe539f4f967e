package io.firstline.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import io.firstline.agent.AgentAccount;
import io.firstline.agent.AgentState;
import io.firstline.kernel.Channel;
import io.firstline.routing.RoutingEngine;
import io.firstline.routing.RoutingObserver;
import io.firstline.routing.WaitingContact;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Wallboard figures, kept up to date as routing works (it tells us each enqueue, answer, withdrawal,
 * release and state change): nothing is recomputed from the database per push. "Today" is the
 * workspace's calendar day; the counters start again at its midnight. Also exported as gauges.
 */
@Component
class LiveStats implements RoutingObserver {

    /** Service level: the share of contacts that left the queue today that were answered within this. */
    static final Duration SERVICE_LEVEL_THRESHOLD = Duration.ofSeconds(20);

    /** The workspace's time zone, adopted at start-up ({@link #countDaysIn}); until then the configured one. */
    private volatile ZoneId zone;
    private final MeterRegistry meters;
    private final Map<Long, WaitingContact> waiting = new HashMap<>();
    private final Map<Channel, TreeSet<WaitingContact>> waitingByChannel = new EnumMap<>(Channel.class);
    private final Map<Channel, Today> today = new EnumMap<>(Channel.class);
    private final Map<Long, AgentLive> agents = new HashMap<>();
    private LocalDate day;
    private final Clock clock;
    private Snapshot fromOwner;
    private Instant fromOwnerAt;

    public LiveStats(RoutingEngine routing, MeterRegistry meters,
                     @Value("${firstline.sla.time-zone:Asia/Shanghai}") String timeZone, Clock clock) {
        this.clock = clock;
        this.zone = ZoneId.of(timeZone);
        this.meters = meters;
        for (Channel channel : Channel.values()) {
            waitingByChannel.put(channel, new TreeSet<>(Comparator.comparing(WaitingContact::waitingSince)
                    .thenComparingLong(WaitingContact::contactId)));
            today.put(channel, new Today());
            String name = channel.wireName();
            Gauge.builder("firstline.live.waiting", this, stats -> stats.waitingCount(channel)).tag("channel", name)
                    .description("contacts waiting for an agent").register(meters);
            Gauge.builder("firstline.live.answered_today", this, stats -> stats.todayOf(channel).answered).tag("channel", name)
                    .register(meters);
            Gauge.builder("firstline.live.abandoned_today", this, stats -> stats.todayOf(channel).abandoned).tag("channel", name)
                    .register(meters);
            // Service level = answered_in_time_today / (answered_today + abandoned_today), as on the wallboard.
            Gauge.builder("firstline.live.answered_in_time_today", this, stats -> stats.todayOf(channel).answeredInTime)
                    .tag("channel", name).description("contacts answered today within the service-level threshold")
                    .register(meters);
            Gauge.builder("firstline.live.longest_wait", this, stats -> stats.longestWaitSeconds(channel))
                    .tag("channel", name).description("how long the longest-waiting contact has waited (0: none waiting)")
                    .baseUnit("seconds").register(meters);
        }
        for (AgentState state : AgentState.values()) {
            Gauge.builder("firstline.live.agents", this, stats -> stats.agentsIn(state)).tag("state", state.wireName())
                    .description("agents by state").register(meters);
        }
        routing.observe(this);
    }

    // ---- what routing tells us (router thread) ------------------------------------------------------------

    @Override
    public synchronized void waiting(WaitingContact contact, Instant at) {
        rollOver(at);
        if (waiting.putIfAbsent(contact.contactId(), contact) == null) {
            waitingByChannel.get(contact.channel()).add(contact);
            today.get(contact.channel()).entered++;
        }
    }

    @Override
    public synchronized void answered(long contactId, long agentId, Channel channel, Instant at) {
        rollOver(at);
        WaitingContact contact = stopWaiting(contactId);
        if (contact != null) {
            Today figures = today.get(contact.channel());
            Duration waited = Duration.between(contact.waitingSince(), at);
            figures.answered++;
            figures.waitedMillis += Math.max(0, waited.toMillis());
            if (waited.compareTo(SERVICE_LEVEL_THRESHOLD) <= 0) {
                figures.answeredInTime++;
            }
        }
        agent(agentId).load++;
    }

    @Override
    public synchronized void withdrawn(long contactId, Instant at) {
        rollOver(at);
        WaitingContact contact = stopWaiting(contactId);
        if (contact != null) {
            today.get(contact.channel()).abandoned++;
        }
    }

    @Override
    public synchronized void released(long agentId, Channel channel, Instant at) {
        AgentLive agent = agent(agentId);
        agent.load = Math.max(0, agent.load - 1);
    }

    @Override
    public synchronized void restored(long agentId, Channel channel) {
        agent(agentId).load++;
    }

    @Override
    public synchronized void stateChanged(long agentId, AgentState state, Instant at) {
        AgentLive agent = agent(agentId);
        if (agent.state != state) {
            agent.state = state;
            agent.since = at;
        }
    }

    /**
     * Kafka mode: the router started over. Everything it told us is forgotten; a node taking routing over carries on
     * with today's counters and the agents' states as the previous owner last published them (same day only), so the
     * wallboard does not drop to zero at a failover. The rebuild that follows tells us the waiting contacts again,
     * which is why they are taken out of the carried "entered" count.
     */
    @Override
    public synchronized void reset(boolean owner, Instant at) {
        waiting.clear();
        waitingByChannel.values().forEach(TreeSet::clear);
        day = at.atZone(zone).toLocalDate();
        today.replaceAll((channel, figures) -> new Today());
        agents.values().forEach(agent -> {
            agent.load = 0;
            agent.state = AgentState.OFFLINE;
            agent.since = at;
        });
        if (owner && fromOwner != null && fromOwnerAt.atZone(zone).toLocalDate().equals(day)) {
            for (QueueFigures queue : fromOwner.queues()) {
                Channel.fromWireName(queue.channel()).ifPresent(channel -> {
                    Today figures = today.get(channel);
                    figures.entered = Math.max(0, queue.enteredToday() - queue.waiting());
                    figures.answered = queue.answeredToday();
                    figures.answeredInTime = queue.answeredInTimeToday();
                    figures.abandoned = queue.abandonedToday();
                    figures.waitedMillis = queue.averageSpeedOfAnswerSeconds() == null ? 0
                            : Math.round(queue.averageSpeedOfAnswerSeconds() * 1000 * queue.answeredToday());
                });
            }
            for (AgentFigures figures : fromOwner.agents()) {
                AgentLive agent = agent(figures.id());
                AgentState.fromWireName(figures.state()).ifPresent(state -> agent.state = state);
                agent.since = figures.since();
            }
        }
    }

    /** Kafka mode, on a node that does not route: the routing owner's figures, as it last published them. */
    synchronized void heardFromOwner(Snapshot figures, Instant at) {
        fromOwner = figures;
        fromOwnerAt = at;
    }

    /** The routing owner's last published figures, or null before any came. */
    synchronized Snapshot fromOwner() {
        return fromOwner;
    }

    /** Today starts at midnight in the workspace's time zone (read at start-up), not in the node's configured one. */
    synchronized void countDaysIn(ZoneId workspaceZone) {
        zone = workspaceZone;
    }

    /** Names, roles and stored states of the accounts, read once at start-up. */
    synchronized void know(AgentAccount account) {
        AgentLive agent = agent(account.id());
        agent.name = account.displayName() == null ? account.username() : account.displayName();
        agent.role = account.role();
        if (agent.since == null) {
            agent.state = account.state();
            agent.since = account.stateSince();
        }
    }

    // ---- what the wallboard shows -----------------------------------------------------------------------------

    public record QueueFigures(String channel, int waiting, Instant longestWaitingSince, String longestWaitingCustomer,
                               long enteredToday, long answeredToday, long answeredInTimeToday, long abandonedToday,
                               Double serviceLevel, Double averageSpeedOfAnswerSeconds, Double abandonRate) {
    }

    public record AgentFigures(long id, String name, String state, Instant since, int load) {
    }

    public record Snapshot(List<QueueFigures> queues, Map<String, Integer> agentsByState, List<AgentFigures> agents,
                           Map<String, Number> sla) {
    }

    public synchronized Snapshot snapshot(Instant now) {
        rollOver(now);
        List<QueueFigures> queues = new ArrayList<>();
        for (Channel channel : Channel.values()) {
            Today figures = today.get(channel);
            TreeSet<WaitingContact> queue = waitingByChannel.get(channel);
            if (queue.isEmpty() && figures.entered == 0 && figures.answered == 0 && figures.abandoned == 0
                    && channel != Channel.WEBCHAT) {
                continue;
            }
            WaitingContact longest = queue.isEmpty() ? null : queue.first();
            long left = figures.answered + figures.abandoned;
            queues.add(new QueueFigures(channel.wireName(), queue.size(),
                    longest == null ? null : longest.waitingSince(),
                    longest == null ? null : Masking.mask(longest.customerName()),
                    figures.entered, figures.answered, figures.answeredInTime, figures.abandoned,
                    left == 0 ? null : (double) figures.answeredInTime / left,
                    figures.answered == 0 ? null : figures.waitedMillis / 1000.0 / figures.answered,
                    left == 0 ? null : (double) figures.abandoned / left));
        }
        Map<String, Integer> byState = new LinkedHashMap<>();
        for (AgentState state : AgentState.values()) {
            byState.put(state.wireName(), (int) agentsIn(state));
        }
        List<AgentFigures> table = agents.entrySet().stream()
                .filter(entry -> "agent".equals(entry.getValue().role))
                .map(entry -> new AgentFigures(entry.getKey(), entry.getValue().name, entry.getValue().state.wireName(),
                        entry.getValue().since, entry.getValue().load))
                .sorted(Comparator.comparing(AgentFigures::name))
                .toList();
        Map<String, Number> sla = new LinkedHashMap<>();
        sla.put("atRisk", gauge("firstline.sla.contacts.at_risk"));
        sla.put("breached", gauge("firstline.sla.contacts.breached"));
        sla.put("followUpsDue", gauge("firstline.followups.due"));
        sla.put("followUpsDoneToday", gauge("firstline.followups.done_today"));
        sla.put("satisfactionToday", gauge("firstline.followups.satisfaction_today"));
        return new Snapshot(queues, byState, table, sla);
    }

    private Number gauge(String name) {
        Gauge gauge = meters.find(name).gauge();
        double value = gauge == null ? Double.NaN : gauge.value();
        return Double.isNaN(value) ? null : value;
    }

    synchronized double longestWaitSeconds(Channel channel) {
        TreeSet<WaitingContact> queue = waitingByChannel.get(channel);
        return queue.isEmpty() ? 0
                : Math.max(0, Duration.between(queue.first().waitingSince(), clock.instant()).toMillis() / 1000.0);
    }

    synchronized int waitingCount(Channel channel) {
        return waitingByChannel.get(channel).size();
    }

    private synchronized Today todayOf(Channel channel) {
        return today.get(channel);
    }

    synchronized long agentsIn(AgentState state) {
        return agents.values().stream().filter(agent -> "agent".equals(agent.role) && agent.state == state).count();
    }

    private WaitingContact stopWaiting(long contactId) {
        WaitingContact contact = waiting.remove(contactId);
        if (contact != null) {
            waitingByChannel.get(contact.channel()).remove(contact);
        }
        return contact;
    }

    private AgentLive agent(long agentId) {
        return agents.computeIfAbsent(agentId, id -> new AgentLive("#" + id));
    }

    private void rollOver(Instant now) {
        LocalDate current = now.atZone(zone).toLocalDate();
        if (!current.equals(day)) {
            day = current;
            today.replaceAll((channel, figures) -> new Today());
        }
    }

    private static final class Today {
        long entered;
        long answered;
        long answeredInTime;
        long waitedMillis;
        long abandoned;
    }

    private static final class AgentLive {
        String name;
        String role = "agent";
        AgentState state = AgentState.OFFLINE;
        Instant since;
        int load;

        AgentLive(String name) {
            this.name = name;
        }
    }
}

package io.firstline.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.ToDoubleFunction;
import io.firstline.agent.AgentAccount;
import io.firstline.agent.AgentState;
import io.firstline.kernel.Channel;
import io.firstline.routing.RoutingEngine;
import io.firstline.routing.RoutingObserver;
import io.firstline.routing.WaitingContact;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Wallboard figures per workspace, kept up to date as the routers work (they tell us each enqueue, answer, withdrawal,
 * release and state change, naming the workspace): nothing is recomputed from the database per push, and an event
 * costs one map lookup by workspace id. Each workspace's figures are also exported as gauges tagged with its code
 * ({@link #export}), once {@link LiveWorkspaces} has read it.
 */
@Component
class LiveStats implements RoutingObserver {

    /** Service level: the share of contacts that left the queue today that were answered within this. */
    static final Duration SERVICE_LEVEL_THRESHOLD = Duration.ofSeconds(20);

    private final ZoneId configuredZone;
    private final MeterRegistry meters;
    private final Clock clock;
    /** One entry per workspace seen: bounded by the deployment's workspaces (a handful), never removed. */
    private final ConcurrentMap<Long, LiveWorkspace> workspaces = new ConcurrentHashMap<>();
    private final Set<Long> exported = ConcurrentHashMap.newKeySet();
    /**
     * The workspace shown the SLA tiles: the default one. Those gauges (supervision) are counted over the whole
     * deployment, so another workspace's wallboard would show counts of contacts that are not its own.
     */
    private volatile long slaWorkspace = -1;

    @Autowired
    public LiveStats(RoutingEngine routing, MeterRegistry meters,
                     @Value("${firstline.sla.time-zone:Asia/Shanghai}") String timeZone, Clock clock) {
        this(meters, timeZone, clock);
        routing.observe(this);
    }

    /** Told by nobody yet: the caller calls the observer methods itself (tests). */
    LiveStats(MeterRegistry meters, String timeZone, Clock clock) {
        this.clock = clock;
        this.configuredZone = ZoneId.of(timeZone);
        this.meters = meters;
    }

    /** The workspace's figures, started empty (in the configured zone) the first time it is seen. */
    LiveWorkspace of(long workspaceId) {
        LiveWorkspace known = workspaces.get(workspaceId);
        return known != null ? known : workspaces.computeIfAbsent(workspaceId, id -> new LiveWorkspace(configuredZone, clock));
    }

    /** The workspaces seen so far (by the routers or by a user asking for their figures). */
    Set<Long> workspaceIds() {
        return Set.copyOf(workspaces.keySet());
    }

    /** The workspaces where an agent came up whose name was not read yet (each is answered once per such news). */
    List<Long> takeWorkspacesWithUnnamedAgents() {
        return workspaces.entrySet().stream().filter(entry -> entry.getValue().takeUnnamedAgents()).map(Map.Entry::getKey)
                .toList();
    }

    // ---- what routing tells us (router thread) ------------------------------------------------------------

    @Override
    public void waiting(WaitingContact contact, Instant at) {
        of(contact.workspaceId()).waiting(contact, at);
    }

    @Override
    public void answered(long workspaceId, long contactId, long agentId, Channel channel, Instant at) {
        of(workspaceId).answered(contactId, agentId, at);
    }

    @Override
    public void withdrawn(long workspaceId, long contactId, Instant at) {
        of(workspaceId).withdrawn(contactId, at);
    }

    @Override
    public void released(long workspaceId, long agentId, Channel channel, Instant at) {
        of(workspaceId).released(agentId);
    }

    @Override
    public void restored(long workspaceId, long agentId, Channel channel) {
        of(workspaceId).restored(agentId);
    }

    @Override
    public void stateChanged(long workspaceId, long agentId, AgentState state, Instant at) {
        of(workspaceId).stateChanged(agentId, state, at);
    }

    /** Kafka mode: that workspace's router started over here ({@link LiveWorkspace#reset}). */
    @Override
    public void reset(long workspaceId, boolean owner, Instant at) {
        of(workspaceId).reset(owner, at);
    }

    // ---- what start-up and the other nodes tell us ---------------------------------------------------------

    /** Kafka mode, on a node that does not route the workspace: its owner's figures, as it last published them. */
    void heardFromOwner(long workspaceId, Snapshot figures, Instant at) {
        of(workspaceId).heardFromOwner(figures, at);
    }

    /** The workspace's routing owner's last published figures, or null before any came. */
    Snapshot fromOwner(long workspaceId) {
        return of(workspaceId).fromOwner();
    }

    void countDaysIn(long workspaceId, ZoneId zone) {
        of(workspaceId).countDaysIn(zone);
    }

    void know(long workspaceId, AgentAccount account) {
        of(workspaceId).know(account);
    }

    /** The default workspace, whose wallboard shows the deployment's SLA tiles. */
    void showSlaTo(long workspaceId) {
        slaWorkspace = workspaceId;
    }

    /**
     * Registers the workspace's gauges once, tagged {@code workspace=<code>} (bounded by the number of workspaces).
     * Per node: they read this node's figures, so only the workspace's routing owner exports non-zero values.
     */
    void export(long workspaceId, String code) {
        if (!exported.add(workspaceId)) {
            return;
        }
        LiveWorkspace live = of(workspaceId);
        for (Channel channel : Channel.values()) {
            String name = channel.wireName();
            gauge("firstline.live.waiting", live, figures -> figures.waitingCount(channel), code, "channel", name,
                    "contacts waiting for an agent", null);
            gauge("firstline.live.answered_today", live, figures -> figures.answeredToday(channel), code, "channel", name,
                    null, null);
            gauge("firstline.live.abandoned_today", live, figures -> figures.abandonedToday(channel), code, "channel", name,
                    null, null);
            // Service level = answered_in_time_today / (answered_today + abandoned_today), as on the wallboard.
            gauge("firstline.live.answered_in_time_today", live, figures -> figures.answeredInTimeToday(channel), code,
                    "channel", name, "contacts answered today within the service-level threshold", null);
            gauge("firstline.live.longest_wait", live, figures -> figures.longestWaitSeconds(channel), code, "channel", name,
                    "how long the longest-waiting contact has waited (0: none waiting)", "seconds");
        }
        for (AgentState state : AgentState.values()) {
            gauge("firstline.live.agents", live, figures -> figures.agentsIn(state), code, "state", state.wireName(),
                    "agents by state", null);
        }
    }

    private void gauge(String name, LiveWorkspace live, ToDoubleFunction<LiveWorkspace> value, String workspace,
                       String tag, String tagValue, String description, String unit) {
        Gauge.builder(name, live, value).tag(tag, tagValue).tag("workspace", workspace)
                .description(description).baseUnit(unit).register(meters);
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

    /** This node's own figures of the workspace. */
    public Snapshot snapshot(long workspaceId, Instant now) {
        return of(workspaceId).snapshot(now, sla(workspaceId == slaWorkspace));
    }

    /** The SLA tiles: the deployment's gauges for the default workspace, no figure (null) for any other. */
    private Map<String, Number> sla(boolean shown) {
        Map<String, Number> sla = new LinkedHashMap<>();
        sla.put("atRisk", shown ? gauge("firstline.sla.contacts.at_risk") : null);
        sla.put("breached", shown ? gauge("firstline.sla.contacts.breached") : null);
        sla.put("followUpsDue", shown ? gauge("firstline.followups.due") : null);
        sla.put("followUpsDoneToday", shown ? gauge("firstline.followups.done_today") : null);
        sla.put("satisfactionToday", shown ? gauge("firstline.followups.satisfaction_today") : null);
        return sla;
    }

    private Number gauge(String name) {
        Gauge gauge = meters.find(name).gauge();
        double value = gauge == null ? Double.NaN : gauge.value();
        return Double.isNaN(value) ? null : value;
    }
}

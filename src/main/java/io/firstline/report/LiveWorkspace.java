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
import io.firstline.report.LiveStats.AgentFigures;
import io.firstline.report.LiveStats.QueueFigures;
import io.firstline.report.LiveStats.Snapshot;
import io.firstline.routing.WaitingContact;

/**
 * One workspace's live figures: its waiting contacts, today's counters per channel and its agents, told by that
 * workspace's router only ({@link LiveStats} picks the workspace from each call). "Today" is the workspace's calendar
 * day. Every method is synchronized: the router thread writes, samplers, gauges and requests read.
 */
final class LiveWorkspace {

    private volatile ZoneId zone;
    private final Clock clock;
    private final Map<Long, WaitingContact> waiting = new HashMap<>();
    private final Map<Channel, TreeSet<WaitingContact>> waitingByChannel = new EnumMap<>(Channel.class);
    private final Map<Channel, Today> today = new EnumMap<>(Channel.class);
    private final Map<Long, AgentLive> agents = new HashMap<>();
    private LocalDate day;
    /** An agent the routers told us of before their name was read (created since): {@link LiveWorkspaces} reads again. */
    private boolean unnamedAgents;
    private Snapshot fromOwner;
    private Instant fromOwnerAt;

    /** {@code zone}: the configured one until the workspace's own is read ({@link #countDaysIn}). */
    LiveWorkspace(ZoneId zone, Clock clock) {
        this.zone = zone;
        this.clock = clock;
        for (Channel channel : Channel.values()) {
            waitingByChannel.put(channel, new TreeSet<>(Comparator.comparing(WaitingContact::waitingSince)
                    .thenComparingLong(WaitingContact::contactId)));
            today.put(channel, new Today());
        }
    }

    // ---- what the workspace's router tells us (router thread) ---------------------------------------------------

    synchronized void waiting(WaitingContact contact, Instant at) {
        rollOver(at);
        if (waiting.putIfAbsent(contact.contactId(), contact) == null) {
            waitingByChannel.get(contact.channel()).add(contact);
            today.get(contact.channel()).entered++;
        }
    }

    synchronized void answered(long contactId, long agentId, Instant at) {
        rollOver(at);
        WaitingContact contact = stopWaiting(contactId);
        if (contact != null) {
            Today figures = today.get(contact.channel());
            Duration waited = Duration.between(contact.waitingSince(), at);
            figures.answered++;
            figures.waitedMillis += Math.max(0, waited.toMillis());
            if (waited.compareTo(LiveStats.SERVICE_LEVEL_THRESHOLD) <= 0) {
                figures.answeredInTime++;
            }
        }
        agent(agentId).load++;
    }

    synchronized void withdrawn(long contactId, Instant at) {
        rollOver(at);
        WaitingContact contact = stopWaiting(contactId);
        if (contact != null) {
            today.get(contact.channel()).abandoned++;
        }
    }

    synchronized void released(long agentId) {
        AgentLive agent = agent(agentId);
        agent.load = Math.max(0, agent.load - 1);
    }

    synchronized void restored(long agentId) {
        agent(agentId).load++;
    }

    synchronized void stateChanged(long agentId, AgentState state, Instant at) {
        AgentLive agent = agent(agentId);
        if (agent.state != state) {
            agent.state = state;
            agent.since = at;
        }
    }

    /**
     * Kafka mode: the workspace's router started over. Everything it told us is forgotten; a node taking routing over
     * carries on with today's counters and the agents' states as the previous owner last published them (same day
     * only), so the wallboard does not drop to zero at a failover. The rebuild that follows tells us the waiting
     * contacts again, which is why they are taken out of the carried "entered" count.
     */
    synchronized void reset(boolean owner, Instant at) {
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

    /** Kafka mode, on a node that does not route the workspace: its owner's figures, as it last published them. */
    synchronized void heardFromOwner(Snapshot figures, Instant at) {
        fromOwner = figures;
        fromOwnerAt = at;
    }

    /** The routing owner's last published figures, or null before any came. */
    synchronized Snapshot fromOwner() {
        return fromOwner;
    }

    /** Today starts at midnight in the workspace's own time zone, not in the node's configured one. */
    void countDaysIn(ZoneId workspaceZone) {
        zone = workspaceZone;
    }

    /** Name, role and stored state of one of the workspace's accounts. */
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

    synchronized Snapshot snapshot(Instant now, Map<String, Number> sla) {
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
        return new Snapshot(queues, byState, table, sla);
    }

    synchronized double longestWaitSeconds(Channel channel) {
        TreeSet<WaitingContact> queue = waitingByChannel.get(channel);
        return queue.isEmpty() ? 0
                : Math.max(0, Duration.between(queue.first().waitingSince(), clock.instant()).toMillis() / 1000.0);
    }

    synchronized int waitingCount(Channel channel) {
        return waitingByChannel.get(channel).size();
    }

    synchronized long answeredToday(Channel channel) {
        return today.get(channel).answered;
    }

    synchronized long answeredInTimeToday(Channel channel) {
        return today.get(channel).answeredInTime;
    }

    synchronized long abandonedToday(Channel channel) {
        return today.get(channel).abandoned;
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
        return agents.computeIfAbsent(agentId, id -> {
            unnamedAgents = true;
            return new AgentLive("#" + id);
        });
    }

    /** Whether an agent came up whose name was not read yet; answers true once per such news. */
    synchronized boolean takeUnnamedAgents() {
        boolean news = unnamedAgents;
        unnamedAgents = false;
        return news;
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

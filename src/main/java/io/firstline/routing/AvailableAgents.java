package io.firstline.routing;

import io.firstline.DomainModel;

import io.firstline.kernel.Channel;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Available agents with room, per pool ({@link PoolKey}), longest idle first. An agent is filed under
 * "anyone" and under each of its skills for every channel on which it has room.
 */
@DomainModel
final class AvailableAgents {

    /** An agent's place in the longest-idle line; a snapshot, so the agent may change before it is re-filed. */
    record Place(Instant idleSince, long agentId) {
    }

    static final Comparator<Place> LONGEST_IDLE_FIRST =
            Comparator.comparing(Place::idleSince, Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparingLong(Place::agentId);

    private final Map<PoolKey, NavigableSet<Place>> byPool = new HashMap<>();

    /**
     * Re-files the agent after a change of its state, skills, idle time or load.
     *
     * @param withRoom the channels on which the agent may take one more contact now (empty unless AVAILABLE)
     * @param joined   told of every pool the agent was not filed under before
     */
    void refresh(RoutedAgent agent, Set<Channel> withRoom, Consumer<PoolKey> joined) {
        Place place = new Place(agent.idleSince, agent.agentId());
        Set<String> skills = agent.profile.skills();
        if (!agent.filedChannels.isEmpty() && (!agent.filedAs.equals(place) || !agent.filedSkills.equals(skills))) {
            for (Channel channel : EnumSet.copyOf(agent.filedChannels)) {
                unfile(agent, channel);
            }
        }
        for (Channel channel : EnumSet.copyOf(agent.filedChannels)) {
            if (!withRoom.contains(channel)) {
                unfile(agent, channel);
            }
        }
        agent.filedAs = place;
        agent.filedSkills = skills;
        for (Channel channel : withRoom) {
            if (agent.filedChannels.add(channel)) {
                file(place, new PoolKey(null, channel), joined);
                for (String skill : skills) {
                    if (!skill.isBlank()) {
                        file(place, new PoolKey(skill, channel), joined);
                    }
                }
            }
        }
    }

    /** Longest idle first. */
    NavigableSet<Place> in(PoolKey key) {
        NavigableSet<Place> agents = byPool.get(key);
        return agents == null ? Collections.emptyNavigableSet() : agents;
    }

    boolean isFiledUnder(RoutedAgent agent, PoolKey key) {
        return agent.filedChannels.contains(key.channel()) && (key.skill() == null || agent.filedSkills.contains(key.skill()));
    }

    private void file(Place place, PoolKey key, Consumer<PoolKey> joined) {
        byPool.computeIfAbsent(key, k -> new TreeSet<>(LONGEST_IDLE_FIRST)).add(place);
        joined.accept(key);
    }

    private void unfile(RoutedAgent agent, Channel channel) {
        agent.filedChannels.remove(channel);
        remove(agent.filedAs, new PoolKey(null, channel));
        for (String skill : agent.filedSkills) {
            if (!skill.isBlank()) {
                remove(agent.filedAs, new PoolKey(skill, channel));
            }
        }
    }

    private void remove(Place place, PoolKey key) {
        NavigableSet<Place> agents = byPool.get(key);
        if (agents != null) {
            agents.remove(place);
        }
    }
}

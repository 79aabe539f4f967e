package io.firstline.routing;

import io.firstline.DomainModel;

import io.firstline.kernel.Channel;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Available agents with room, per pool ({@link PoolKey}), longest idle first. An agent is filed under
 * "anyone" and under each of its skills for every channel on which it has room, and again for every capacity override
 * in use on that channel that its load is below.
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
    /** Per channel, the capacity overrides (below the channel's capacity) that contacts have used. */
    private final Map<Channel, NavigableSet<Integer>> overrides = new EnumMap<>(Channel.class);

    /**
     * Re-files the agent after a change of its state, skills, idle time or load.
     *
     * @param loadWithRoom the agent's load on each channel on which it may take one more contact now (empty unless
     *                     AVAILABLE), in channel order
     * @param joined       told of every pool the agent was not filed under before
     */
    void refresh(RoutedAgent agent, Map<Channel, Integer> loadWithRoom, Consumer<PoolKey> joined) {
        Place place = new Place(agent.idleSince, agent.agentId());
        Set<String> skills = agent.profile.skills();
        if (!agent.filedChannels.isEmpty() && (!agent.filedAs.equals(place) || !agent.filedSkills.equals(skills))) {
            for (Channel channel : EnumSet.copyOf(agent.filedChannels)) {
                unfile(agent, channel);
            }
        }
        for (Channel channel : EnumSet.copyOf(agent.filedChannels)) {
            if (!loadWithRoom.containsKey(channel)) {
                unfile(agent, channel);
            }
        }
        agent.filedAs = place;
        agent.filedSkills = skills;
        for (Map.Entry<Channel, Integer> room : loadWithRoom.entrySet()) {
            Channel channel = room.getKey();
            int load = room.getValue();
            if (agent.filedChannels.add(channel)) {
                agent.filedLoad.put(channel, load);
                file(place, skills, channel, null, joined);
                for (int capacity : overridesOn(channel)) {
                    if (load < capacity) {
                        file(place, skills, channel, capacity, joined);
                    }
                }
            } else {
                int before = agent.filedLoad.put(channel, load);
                if (before != load) {
                    refileOverrides(agent, channel, before, load, joined);
                }
            }
        }
    }

    /**
     * A contact of a queue with a capacity override is about to wait: if no contact used that capacity on its channel
     * before, the agents with room on the channel are filed under it too. Once per capacity and channel for the
     * router's life (at most the channel's capacity minus one), and only over the agents with room on that channel.
     */
    void useOverride(PoolKey key, Function<Long, RoutedAgent> agents) {
        Integer capacity = key.capacity();
        if (capacity == null || !overrides.computeIfAbsent(key.channel(), channel -> new TreeSet<>()).add(capacity)) {
            return;
        }
        for (Place place : List.copyOf(in(new PoolKey(null, key.channel())))) {
            RoutedAgent agent = agents.apply(place.agentId());
            if (agent.filedLoad.get(key.channel()) < capacity) {
                // No contact waits under this capacity yet, so nobody needs telling that the agent joined.
                file(agent.filedAs, agent.filedSkills, key.channel(), capacity, joinedKey -> { });
            }
        }
    }

    /** Longest idle first. */
    NavigableSet<Place> in(PoolKey key) {
        NavigableSet<Place> agents = byPool.get(key);
        return agents == null ? Collections.emptyNavigableSet() : agents;
    }

    boolean isFiledUnder(RoutedAgent agent, PoolKey key) {
        return agent.filedChannels.contains(key.channel()) && (key.skill() == null || agent.filedSkills.contains(key.skill()))
                && (key.capacity() == null || agent.filedLoad.get(key.channel()) < key.capacity());
    }

    private Set<Integer> overridesOn(Channel channel) {
        Set<Integer> inUse = overrides.get(channel);
        return inUse == null ? Set.of() : inUse;
    }

    /** The agent's load on a filed channel changed: it joins or leaves the override pools between the two loads. */
    private void refileOverrides(RoutedAgent agent, Channel channel, int before, int load, Consumer<PoolKey> joined) {
        for (int capacity : overridesOn(channel)) {
            boolean was = before < capacity;
            boolean is = load < capacity;
            if (is && !was) {
                file(agent.filedAs, agent.filedSkills, channel, capacity, joined);
            } else if (was && !is) {
                remove(agent.filedAs, agent.filedSkills, channel, capacity);
            }
        }
    }

    /** Under "anyone" and each of the skills on the channel, at the channel's capacity or an override's. */
    private void file(Place place, Set<String> skills, Channel channel, Integer capacity, Consumer<PoolKey> joined) {
        file(place, new PoolKey(null, channel, capacity), joined);
        for (String skill : skills) {
            if (!skill.isBlank()) {
                file(place, new PoolKey(skill, channel, capacity), joined);
            }
        }
    }

    private void file(Place place, PoolKey key, Consumer<PoolKey> joined) {
        byPool.computeIfAbsent(key, k -> new TreeSet<>(LONGEST_IDLE_FIRST)).add(place);
        joined.accept(key);
    }

    private void unfile(RoutedAgent agent, Channel channel) {
        agent.filedChannels.remove(channel);
        int load = agent.filedLoad.remove(channel);
        remove(agent.filedAs, agent.filedSkills, channel, null);
        for (int capacity : overridesOn(channel)) {
            if (load < capacity) {
                remove(agent.filedAs, agent.filedSkills, channel, capacity);
            }
        }
    }

    private void remove(Place place, Set<String> skills, Channel channel, Integer capacity) {
        remove(place, new PoolKey(null, channel, capacity));
        for (String skill : skills) {
            if (!skill.isBlank()) {
                remove(place, new PoolKey(skill, channel, capacity));
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

package io.firstline.routing;

import io.firstline.DomainModel;

import io.firstline.agent.AgentState;
import io.firstline.kernel.Channel;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Set;

/** The router's mutable view of one agent. */
@DomainModel
final class RoutedAgent {

    AgentProfile profile;
    AgentState state = AgentState.OFFLINE;
    /** When the agent became AVAILABLE or last accepted an offer, whichever is later. */
    Instant idleSince;
    int missedInARow;

    // Where AvailableAgents filed the agent; only AvailableAgents changes these.
    AvailableAgents.Place filedAs;
    Set<String> filedSkills = Set.of();
    final EnumSet<Channel> filedChannels = EnumSet.noneOf(Channel.class);
    /** The load on each filed channel when it was filed: which capacity-override pools it is in. */
    final EnumMap<Channel, Integer> filedLoad = new EnumMap<>(Channel.class);

    RoutedAgent(AgentProfile profile) {
        this.profile = profile;
    }

    long agentId() {
        return profile.agentId();
    }
}

package io.firstline.cluster;

import java.util.function.Function;
import io.firstline.kernel.AddressedEvent;
import io.firstline.kernel.AgentEvent;
import io.firstline.kernel.DomainEvent;
import io.firstline.kernel.WorkspaceEvent;
import reactor.core.publisher.Mono;

/**
 * The key of an event on {@code firstline.events}: the code of the event's workspace, so one workspace's events stay
 * in order on one partition. The workspace is the one the event names ({@link WorkspaceEvent}, a routing answer), or
 * that of the agent it is about ({@link AgentEvent}) or addressed to ({@link AddressedEvent}: the first recipient),
 * from routing's memory of agents or read once per agent. Anything else (the holiday calendar every workspace shares,
 * today's live figures, a widget reply) is keyed by the node's own (default) workspace, as every event was before.
 */
final class EventKeys {

    /** Workspace id → code (empty: no such workspace). */
    private final Function<Long, Mono<String>> codes;
    /** Agent id → workspace id (routing's memory, else read once; empty: no such agent). */
    private final Function<Long, Mono<Long>> agents;
    private final String defaultCode;

    EventKeys(Function<Long, Mono<String>> codes, Function<Long, Mono<Long>> agents, String defaultCode) {
        this.codes = codes;
        this.agents = agents;
        this.defaultCode = defaultCode;
    }

    Mono<String> keyOf(DomainEvent event) {
        return workspaceOf(event).flatMap(codes)
                // An agent or workspace not found (deleted meanwhile, or the database briefly out of reach): the
                // event still goes out, keyed as before.
                .onErrorResume(e -> Mono.empty())
                .defaultIfEmpty(defaultCode);
    }

    private Mono<Long> workspaceOf(DomainEvent event) {
        if (event instanceof WorkspaceEvent inWorkspace) {
            return Mono.just(inWorkspace.workspaceId());
        } else if (event instanceof RoutingAnswered answered) {
            return Mono.justOrEmpty(answered.workspaceId());
        } else if (event instanceof AgentEvent aboutAgent) {
            return agents.apply(aboutAgent.agentId());
        } else if (event instanceof AddressedEvent addressed && !addressed.recipients().isEmpty()) {
            return agents.apply(addressed.recipients().get(0));
        }
        return Mono.empty();
    }
}

package io.firstline.routing;

import io.firstline.agent.AgentState;
import io.firstline.agent.Agents;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The agent's own presence: going available makes them eligible for offers. */
@RestController
class PresenceController {

    record StateRequest(String state) {
    }

    record StateResponse(String state, Instant since) {
    }

    private static final String ALLOWED = Arrays.stream(AgentState.values())
            .map(AgentState::wireName).collect(Collectors.joining(", "));

    private final Agents agents;
    private final RoutingEngine routing;
    private final Clock clock;

    PresenceController(Agents agents, RoutingEngine routing, Clock clock) {
        this.agents = agents;
        this.routing = routing;
        this.clock = clock;
    }

    @PostMapping("/api/v1/agents/me/state")
    Mono<StateResponse> changeState(@RequestBody StateRequest request) {
        AgentState state = request == null || request.state() == null ? null
                : AgentState.fromWireName(request.state()).orElse(null);
        if (state == null) {
            return Mono.error(Problems.badRequest("state must be one of: " + ALLOWED));
        }
        Instant now = clock.instant();
        return CurrentAgent.get()
                .flatMap(agent -> agents.byId(agent.agentId()))
                .switchIfEmpty(Mono.error(() -> Problems.notFound("your agent account no longer exists")))
                // Register first: skills may have changed since start-up.
                // Router first: if it is too busy to take the change, nothing is stored either.
                .flatMap(account -> routing.workspaceOfAgent(account.id())
                        .flatMap(workspaceId -> routing.register(AgentProfiles.of(workspaceId, account)))
                        .then(routing.changeState(account.id(), state))
                        .then(agents.saveState(account.id(), state, now)))
                .thenReturn(new StateResponse(state.wireName(), now));
    }
}

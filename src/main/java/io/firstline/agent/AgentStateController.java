package io.firstline.agent;

import io.firstline.platform.security.CurrentAgent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The signed-in agent's own account and presence; changing presence is routing's (PresenceController). */
@RestController
@RequestMapping("/api/v1/agents/me")
class AgentStateController {

    private final Agents agents;

    AgentStateController(Agents agents) {
        this.agents = agents;
    }

    @GetMapping
    Mono<AgentView> me() {
        return CurrentAgent.get().flatMap(agent -> agents.byId(agent.agentId())).map(AgentAccount::view);
    }
}

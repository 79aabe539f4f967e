package io.firstline.transfer;

import java.util.List;
import java.util.Set;
import io.firstline.agent.AgentAccount;
import io.firstline.agent.Agents;
import io.firstline.platform.WorkspaceDirectory;
import io.firstline.platform.security.CurrentAgent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * GET /api/v1/transfer-targets: what the console offers in its transfer pickers — every queue with how many
 * agents who have its skill are available right now, and every other agent with their state, so an agent
 * picks a target that can take the contact instead of typing a code or a username.
 */
@RestController
class TransferTargetsController {

    record AgentTarget(long id, String username, String displayName, String state, Set<String> skills) {
    }

    record Targets(List<TransferTargets.QueueTarget> queues, List<AgentTarget> agents) {
    }

    private final TransferTargets targets;
    private final Agents agents;
    private final WorkspaceDirectory workspace;

    TransferTargetsController(TransferTargets targets, Agents agents, WorkspaceDirectory workspace) {
        this.targets = targets;
        this.agents = agents;
        this.workspace = workspace;
    }

    @GetMapping("/api/v1/transfer-targets")
    Mono<Targets> targets() {
        // Agents of the caller's own workspace only: a contact never leaves its workspace.
        return CurrentAgent.get().flatMap(me -> Mono.zip(workspace.id().flatMap(targets::queuesWithAvailableAgents),
                        agents.workspaceOf(me.agentId()).flatMapMany(agents::ofWorkspace)
                        .filter(account -> "agent".equals(account.role()) && account.id() != me.agentId())
                        .map(TransferTargetsController::target)
                        .collectList())
                .map(both -> new Targets(both.getT1(), both.getT2())));
    }

    private static AgentTarget target(AgentAccount account) {
        return new AgentTarget(account.id(), account.username(), account.displayName(), account.state().wireName(), account.skills());
    }
}

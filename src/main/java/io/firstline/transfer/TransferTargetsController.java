package io.firstline.transfer;

import java.util.List;
import java.util.Set;
import io.firstline.agent.AgentAccount;
import io.firstline.agent.Agents;
import io.firstline.platform.security.CurrentAgent;
import org.springframework.r2dbc.core.DatabaseClient;
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

    record QueueTarget(String code, String name, String channel, String skill, long availableAgents) {
    }

    record AgentTarget(long id, String username, String displayName, String state, Set<String> skills) {
    }

    record TransferTargets(List<QueueTarget> queues, List<AgentTarget> agents) {
    }

    private final DatabaseClient db;
    private final Agents agents;

    TransferTargetsController(DatabaseClient db, Agents agents) {
        this.db = db;
        this.agents = agents;
    }

    @GetMapping("/api/v1/transfer-targets")
    Mono<TransferTargets> targets() {
        return CurrentAgent.get().flatMap(me -> Mono.zip(queues(), agents.all()
                        .filter(account -> "agent".equals(account.role()) && account.id() != me.agentId())
                        .map(TransferTargetsController::target)
                        .collectList())
                .map(both -> new TransferTargets(both.getT1(), both.getT2())));
    }

    private Mono<List<QueueTarget>> queues() {
        return db.sql("""
                        SELECT q.code, q.name, q.channel, q.skill,
                               (SELECT count(*) FROM agent a JOIN agent_skill s ON s.agent_id = a.id
                                WHERE s.skill = q.skill AND a.role = 'agent' AND a.state = 'available') AS available
                        FROM queue q ORDER BY q.name""")
                .map(row -> new QueueTarget(row.get("code", String.class), row.get("name", String.class),
                        row.get("channel", String.class), row.get("skill", String.class), row.get("available", Long.class)))
                .all()
                .collectList();
    }

    private static AgentTarget target(AgentAccount account) {
        return new AgentTarget(account.id(), account.username(), account.displayName(), account.state().wireName(), account.skills());
    }
}

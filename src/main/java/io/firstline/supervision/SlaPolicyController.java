package io.firstline.supervision;

import java.util.List;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** SLA policies: supervisors, managers and admins may read them; only an admin changes them, and only to a valid set. */
@RestController
@RequestMapping("/api/v1/sla-policies")
class SlaPolicyController {

    private final PolicyStore store;

    private final io.firstline.platform.WorkspaceDirectory workspaces;

    SlaPolicyController(PolicyStore store, io.firstline.platform.WorkspaceDirectory workspaces) {
        this.store = store;
        this.workspaces = workspaces;
    }

    /** Supervisors, managers and admins: agents see each contact's own deadlines, not the policy set. */
    @GetMapping
    Mono<List<PolicyDefinition>> policies() {
        return CurrentAgent.get().flatMap(agent -> agent.overseesWorkspace()
                ? Mono.just(store.current().policies().stream().map(PolicyDefinition::of).toList())
                : Mono.error(Problems.forbidden("only supervisors, managers and admins may read SLA policies")));
    }

    /** Adds or replaces the policy with the same type, severity, channel and repair class. */
    @PutMapping
    Mono<PolicyDefinition> save(@RequestBody PolicyDefinition definition) {
        // The SLA policies are the deployment's, shared by every workspace: a platform admin's to change.
        return workspaces.platformAdmin("change SLA policies")
                .flatMap(agent -> {
            return store.save(definition, agent.username()).flatMap(problems -> problems.isEmpty()
                    ? Mono.just(PolicyDefinition.of(definition.parse().policy()))
                    : Mono.error(Problems.badRequest("invalid policy: " + String.join("; ", problems))));
        });
    }
}

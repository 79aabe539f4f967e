package io.firstline.agent;

import java.util.List;
import io.firstline.platform.WorkspaceDirectory;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The workspace admin API: platform admins (admins of the default workspace) create and list workspaces; a
 * workspace's admins create its users. Bad input is one 400 naming every problem, and nothing is created.
 */
@RestController
class AccountAdministrationController {

    private final AccountAdministration administration;
    private final WorkspaceDirectory workspaces;

    AccountAdministrationController(AccountAdministration administration, WorkspaceDirectory workspaces) {
        this.administration = administration;
        this.workspaces = workspaces;
    }

    @GetMapping("/api/v1/workspaces")
    Flux<AccountAdministration.Workspace> workspaces() {
        return platformAdmin().flatMapMany(admin -> administration.workspaces());
    }

    @PostMapping("/api/v1/workspaces")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AccountAdministration.CreatedWorkspace> createWorkspace(
            @RequestBody(required = false) AccountRequests.WorkspaceRequest request) {
        return platformAdmin().flatMap(admin -> {
            List<String> problems = request == null ? List.of("a body with code, name and timeZone is required") : request.problems();
            return problems.isEmpty() ? administration.createWorkspace(admin, request)
                    : Mono.error(Problems.badRequest(String.join("; ", problems)));
        });
    }

    @PostMapping("/api/v1/agents")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AccountAdministration.CreatedAgent> createAgent(@RequestBody(required = false) AccountRequests.AgentRequest request) {
        return CurrentAgent.get()
                .flatMap(agent -> "admin".equals(agent.role()) ? Mono.just(agent)
                        : Mono.error(Problems.forbidden("only admins create users")))
                .flatMap(admin -> {
                    List<String> problems = request == null ? List.of("a body with username, displayName and role is required")
                            : request.problems();
                    return problems.isEmpty() ? administration.createAgent(admin, request)
                            : Mono.error(Problems.badRequest(String.join("; ", problems)));
                });
    }

    private Mono<AgentPrincipal> platformAdmin() {
        return workspaces.platformAdmin("create and list workspaces");
    }
}

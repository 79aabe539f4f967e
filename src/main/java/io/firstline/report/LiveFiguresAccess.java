package io.firstline.report;

import java.security.Principal;
import io.firstline.platform.WorkspaceDirectory;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.web.Problems;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The live figures (wallboard, queue strip) are kept for the node's default workspace only (docs/cluster.md, "Not
 * done yet"): they name its agents and its waiting customers, so a user of another workspace is refused them rather
 * than shown another workspace's people. Checked on every REST call and WebSocket session.
 */
@Component
class LiveFiguresAccess {

    private final WorkspaceDirectory workspace;

    LiveFiguresAccess(WorkspaceDirectory workspace) {
        this.workspace = workspace;
    }

    /** Completes empty for a user of the default workspace, else fails with 403 saying why. */
    Mono<Void> check(Principal caller) {
        AgentPrincipal agent = caller instanceof Authentication authentication
                && authentication.getPrincipal() instanceof AgentPrincipal principal ? principal
                : caller instanceof AgentPrincipal principal ? principal : null;
        if (agent == null) {
            return Mono.error(Problems.forbidden("live figures need a signed-in user"));
        }
        return workspace.id().flatMap(own -> own == agent.workspaceId() ? Mono.<Void>empty()
                : Mono.error(Problems.forbidden("live figures are kept for the default workspace only so far")));
    }
}

package io.firstline.cluster;

import java.util.HashMap;
import java.util.Map;
import io.firstline.routing.RoutingWorkspaces;
import reactor.core.publisher.Mono;

/**
 * Workspace id → code, as last read from the database; a workspace not known yet (created since) is read again. The
 * code keys a workspace's records on the cluster's topics. Bounded by the deployment's workspaces (a handful).
 */
final class WorkspaceCodes {

    private final RoutingWorkspaces workspaces;
    private volatile Map<Long, String> codes = Map.of();

    WorkspaceCodes(RoutingWorkspaces workspaces) {
        this.workspaces = workspaces;
    }

    /** The workspace's code: known, or read again; empty for no such workspace. */
    Mono<String> codeOf(long workspaceId) {
        String code = codes.get(workspaceId);
        return code != null ? Mono.just(code) : read().then(Mono.fromSupplier(() -> codes.get(workspaceId)));
    }

    private Mono<Void> read() {
        return workspaces.all().collectMap(RoutingWorkspaces.Workspace::id, RoutingWorkspaces.Workspace::code, HashMap::new)
                .doOnNext(read -> codes = Map.copyOf(read))
                .then();
    }
}

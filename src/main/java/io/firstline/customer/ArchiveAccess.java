package io.firstline.customer;

import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.web.Problems;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who may open which customer archive (DOMAIN §7: agents see what their work needs): supervisors and admins any
 * in their workspace, an agent only that of a customer with a contact they hold or first responded to.
 */
@Component
class ArchiveAccess {

    private final CustomerArchives archives;

    ArchiveAccess(CustomerArchives archives) {
        this.archives = archives;
    }

    /** The customer whose archive the id opens (the survivor, for a customer merged away), if this person may. */
    Mono<CustomerRef> open(long workspaceId, long customerId, AgentPrincipal reader) {
        return archives.survivor(workspaceId, customerId)
                .switchIfEmpty(Mono.error(() -> Problems.notFound("customer " + customerId + " does not exist")))
                .flatMap(customer -> reader.overseesWorkspace() ? Mono.just(customer)
                        : archives.involves(customer.id(), reader.agentId()).flatMap(involved -> involved ? Mono.just(customer)
                                : Mono.error(Problems.forbidden("customer " + customerId + "'s archive is open to supervisors"
                                        + " and to agents who hold or first responded to one of their contacts"))));
    }
}

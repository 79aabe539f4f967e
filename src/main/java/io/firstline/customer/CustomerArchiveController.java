package io.firstline.customer;

import java.time.Clock;
import java.util.List;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Customer archives for staff. Every archive answered is an audited read, written before the answer leaves
 * (no audit row, no archive); a refused request is no read and leaves no row.
 * <ul>
 * <li>GET /api/v1/customers/{id}[?contact=] — the archive; {@code contact}: the contact the reader works on.
 * <li>GET /api/v1/customers/{id}/reads — who read it, newest first: supervisors and admins only.
 * <li>POST /api/v1/customers/{id}/identities[?contact=] {"channel","handle"} — links the identity (merging its
 *     customer into this one if it has another) and answers the archive as it is now.
 * </ul>
 */
@RestController
@RequestMapping("/api/v1/customers")
class CustomerArchiveController {

    /** A link that lost a race (the identity or customer moved meanwhile) starts again this many times. */
    private static final int RACE_RETRIES = 3;

    private final ArchiveAccess access;
    private final CustomerArchives archives;
    private final ArchiveReads reads;
    private final IdentityLinks links;
    private final TransactionalOperator transaction;
    private final Clock clock;
    private final String phoneCountryCode;

    CustomerArchiveController(ArchiveAccess access, CustomerArchives archives, ArchiveReads reads, IdentityLinks links,
                              TransactionalOperator transaction, Clock clock,
                              CustomerProperties properties) {
        this.phoneCountryCode = properties.phoneCountryCode();
        this.access = access;
        this.archives = archives;
        this.reads = reads;
        this.links = links;
        this.transaction = transaction;
        this.clock = clock;
    }

    @GetMapping("/{id}")
    Mono<CustomerArchive> archive(@PathVariable long id, @RequestParam(required = false) Long contact) {
        return reader().flatMap(reader -> access.open(reader.getT2(), id, reader.getT1())
                .flatMap(customer -> audited(reader.getT2(), customer, reader.getT1(), contact)));
    }

    @GetMapping("/{id}/reads")
    Flux<ArchiveReads.ArchiveRead> reads(@PathVariable long id) {
        return reader().flatMapMany(reader -> {
            if (!reader.getT1().overseesWorkspace()) {
                return Flux.error(Problems.forbidden("only supervisors and admins see who read an archive"));
            }
            return archives.survivor(reader.getT2(), id)
                    .switchIfEmpty(Mono.error(() -> Problems.notFound("customer " + id + " does not exist")))
                    .flatMapMany(customer -> reads.trail(customer.id()));
        });
    }

    /** One transaction: the link (or merge), the archive and its audit row, all or nothing. */
    @PostMapping("/{id}/identities")
    Mono<CustomerArchive> link(@PathVariable long id, @RequestBody IdentityRequest request,
                               @RequestParam(required = false) Long contact) {
        List<String> problems = request.problems(phoneCountryCode);
        if (!problems.isEmpty()) {
            return Mono.error(Problems.badRequest(String.join("; ", problems)));
        }
        IdentityRequest.Identity identity = request.identity(phoneCountryCode);
        return reader().flatMap(reader -> {
            AgentPrincipal agent = reader.getT1();
            long workspaceId = reader.getT2();
            Mono<CustomerArchive> work = access.open(workspaceId, id, agent)
                    .flatMap(customer -> links.link(workspaceId, customer.id(), identity, agent, clock.instant())
                            .then(audited(workspaceId, customer, agent, contact)));
            return transaction.transactional(work)
                    .retryWhen(Retry.max(RACE_RETRIES).filter(IdentityLinks.Raced.class::isInstance)
                            .onRetryExhaustedThrow((spec, signal) -> Problems.conflict("the customer or the "
                                    + identity.channel().wireName() + " identity kept changing meanwhile; try again")));
        });
    }

    /** The caller and the workspace they act in (a customer of another workspace is not found). */
    private static Mono<reactor.util.function.Tuple2<AgentPrincipal, Long>> reader() {
        return CurrentAgent.get().map(agent -> reactor.util.function.Tuples.of(agent, agent.workspaceId()));
    }

    private Mono<CustomerArchive> audited(long workspaceId, CustomerRef customer, AgentPrincipal reader, Long contact) {
        Mono<Void> contactIsTheirs = contact == null ? Mono.empty() : archives.holds(customer.id(), contact)
                .flatMap(holds -> holds ? Mono.<Void>empty()
                        : Mono.error(Problems.badRequest("contact " + contact + " is not one of customer " + customer.id() + "'s")));
        return contactIsTheirs
                .then(archives.read(customer))
                .flatMap(archive -> reads.record(workspaceId, customer.id(), reader.agentId(), contact, clock.instant())
                        .thenReturn(archive));
    }
}

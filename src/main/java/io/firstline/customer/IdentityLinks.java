package io.firstline.customer;

import java.time.Instant;
import java.util.List;
import io.firstline.contact.ContactService;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.web.Problems;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Links a channel identity to a customer, the way staff learn that a WeChat user and a caller are one person.
 * A new identity is added; one that belongs to another customer brings that customer along: its identities and
 * contacts move over and it is marked merged into this one. Must run inside a transaction.
 */
@Service
class IdentityLinks {

    private static final long NOBODY = -1;

    /** What linking did; {@code mergedCustomerId} and {@code movedContacts} only for a merge. */
    public record Linked(Outcome outcome, Long mergedCustomerId, long movedContacts) {

        public enum Outcome { ADDED, ALREADY_LINKED, MERGED }
    }

    /** The identity or the customer changed between looking and locking: the whole transaction should start again. */
    public static final class Raced extends RuntimeException {

        Raced(String message) {
            super(message, null, false, false);
        }
    }

    private final Customers customers;
    private final ContactService lifecycle;
    private final CustomerArchives archives;
    private final CustomerMerges merges;

    public IdentityLinks(Customers customers, ContactService lifecycle, CustomerArchives archives, CustomerMerges merges) {
        this.customers = customers;
        this.lifecycle = lifecycle;
        this.archives = archives;
        this.merges = merges;
    }

    /**
     * Both customers are locked in id order before anything moves, so two merges racing each other wait instead of
     * deadlocking, and the second sees the first's outcome (a merged customer is refused as {@link Raced}).
     */
    public Mono<Linked> link(long workspaceId, long customerId, IdentityRequest.Identity identity, AgentPrincipal linker,
                             Instant at) {
        return owner(workspaceId, identity).flatMap(owner -> lock(workspaceId, owner == NOBODY || owner == customerId
                        ? List.of(customerId) : List.of(Math.min(owner, customerId), Math.max(owner, customerId)))
                .then(owner(workspaceId, identity))
                .flatMap(ownerNow -> {
                    if (ownerNow != owner.longValue()) {
                        throw new Raced(identity.channel().wireName() + " identity changed hands meanwhile");
                    }
                    if (owner == customerId) {
                        return Mono.just(new Linked(Linked.Outcome.ALREADY_LINKED, null, 0));
                    }
                    if (owner == NOBODY) {
                        return customers.addIdentity(customerId, identity.channel(), identity.handle())
                                .map(added -> {
                                    if (!added) {
                                        throw new Raced(identity.channel().wireName() + " identity was taken meanwhile");
                                    }
                                    return new Linked(Linked.Outcome.ADDED, null, 0);
                                });
                    }
                    // Merging opens the other customer's archive to whoever may read this one: an agent may do it only
                    // if they could already read both (a typed handle must not pull a stranger's history in).
                    return mayMerge(owner, linker).flatMap(allowed -> allowed
                            ? merge(owner, customerId, identity, linker.username(), at)
                            : Mono.error(Problems.forbidden("that " + identity.channel().wireName() + " identity belongs to "
                                    + "another customer's archive, which is not open to you: a supervisor can merge the two")));
                }));
    }

    private Mono<Boolean> mayMerge(long otherCustomerId, AgentPrincipal linker) {
        return linker.overseesWorkspace() ? Mono.just(true) : archives.involves(otherCustomerId, linker.agentId());
    }

    /**
     * Who owns the identity, read without a lock: a merge holding a customer's lock waits for the share locks on its
     * identities, so a share lock taken here before the customer locks could deadlock with another merge. No lock is
     * needed: only merges move identities, and a merge of the owner needs the owner's lock, which link takes next.
     */
    private Mono<Long> owner(long workspaceId, IdentityRequest.Identity identity) {
        return merges.ownerOf(workspaceId, identity.channel(), identity.handle()).defaultIfEmpty(NOBODY);
    }

    private Mono<Void> lock(long workspaceId, List<Long> ids) {
        return merges.lock(ids)
                .doOnNext(customer -> {
                    if (customer.workspaceId() != workspaceId) {
                        throw Problems.conflict("customer " + customer.id() + " belongs to another workspace");
                    }
                    if (customer.mergedInto() != null) {
                        throw new Raced("customer " + customer.id() + " was merged meanwhile");
                    }
                })
                .then();
    }

    private Mono<Linked> merge(long mergedId, long survivorId, IdentityRequest.Identity identity, String actor, Instant at) {
        String detail = "customer " + mergedId + " merged into customer " + survivorId + " on linking a "
                + identity.channel().wireName() + " identity";
        // Rows are locked in id order first, as intake's batches lock them (identities, then contacts): the
        // UPDATEs alone would lock them in whatever order they lie on disk, and could deadlock with a batch.
        return merges.lockIdentitiesOf(mergedId)
                // Contacts next (locked in id order by the contact module), then the identities move.
                .then(lifecycle.moveToCustomer(mergedId, survivorId, actor, detail, at))
                .flatMap(moved -> merges.moveIdentities(mergedId, survivorId)
                        .then(merges.markMerged(mergedId, survivorId, at))
                        .thenReturn(new Linked(Linked.Outcome.MERGED, mergedId, moved)));
    }
}

package io.firstline.customer;

import java.time.Instant;
import java.util.List;
import io.firstline.contact.ContactService;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.web.Problems;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Links a channel identity to a customer, the way staff learn that a WeChat user and a caller are one person.
 * A new identity is added; one that belongs to another customer brings that customer along: its identities and
 * contacts move over and it is marked merged into this one. Must run inside a transaction.
 */
@Service
public class IdentityLinks {

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
    private final DatabaseClient db;

    public IdentityLinks(Customers customers, ContactService lifecycle, CustomerArchives archives, DatabaseClient db) {
        this.customers = customers;
        this.lifecycle = lifecycle;
        this.archives = archives;
        this.db = db;
    }

    /**
     * Both customers are locked in id order before anything moves, so two merges racing each other wait instead of
     * deadlocking, and the second sees the first's outcome (a merged customer is refused as {@link Raced}).
     */
    public Mono<Linked> link(long workspaceId, long customerId, IdentityRequest.Identity identity, AgentPrincipal linker,
                             Instant at) {
        return owner(identity).flatMap(owner -> lock(workspaceId, owner == NOBODY || owner == customerId
                        ? List.of(customerId) : List.of(Math.min(owner, customerId), Math.max(owner, customerId)))
                .then(owner(identity))
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
    private Mono<Long> owner(IdentityRequest.Identity identity) {
        return db.sql("SELECT customer_id FROM customer_identity WHERE channel = :channel AND handle = :handle")
                .bind("channel", identity.channel().wireName())
                .bind("handle", identity.handle())
                .map(row -> row.get("customer_id", Long.class))
                .one()
                .defaultIfEmpty(NOBODY);
    }

    private Mono<Void> lock(long workspaceId, List<Long> ids) {
        // NO KEY UPDATE: intake's new contacts take KEY SHARE on their customer (the foreign key) while holding a share
        // lock on the identity this merge moves; FOR UPDATE would deadlock with them.
        return db.sql("SELECT id, workspace_id, merged_into FROM customer WHERE id = ANY(:ids) ORDER BY id FOR NO KEY UPDATE")
                .bind("ids", ids.toArray(Long[]::new))
                .map(row -> {
                    long id = row.get("id", Long.class);
                    if (row.get("workspace_id", Long.class) != workspaceId) {
                        throw Problems.conflict("customer " + id + " belongs to another workspace");
                    }
                    if (row.get("merged_into", Long.class) != null) {
                        throw new Raced("customer " + id + " was merged meanwhile");
                    }
                    return id;
                })
                .all()
                .then();
    }

    private Mono<Linked> merge(long mergedId, long survivorId, IdentityRequest.Identity identity, String actor, Instant at) {
        String detail = "customer " + mergedId + " merged into customer " + survivorId + " on linking a "
                + identity.channel().wireName() + " identity";
        // Rows are locked in id order first, as intake's batches lock them (identities, then contacts): the
        // UPDATEs alone would lock them in whatever order they lie on disk, and could deadlock with a batch.
        return db.sql("SELECT id FROM customer_identity WHERE customer_id = :merged ORDER BY id FOR NO KEY UPDATE")
                .bind("merged", mergedId)
                .then()
                // Contacts next (locked in id order by the contact module), then the identities move.
                .then(lifecycle.moveToCustomer(mergedId, survivorId, actor, detail, at))
                .flatMap(moved -> db.sql("UPDATE customer_identity SET customer_id = :survivor WHERE customer_id = :merged")
                        .bind("survivor", survivorId)
                        .bind("merged", mergedId)
                        .then()
                        .then(db.sql("""
                                        UPDATE customer SET merged_into = :survivor,
                                               merged_at = CASE WHEN id = :merged THEN :at ELSE merged_at END
                                        WHERE id = :merged OR merged_into = :merged""")
                                .bind("survivor", survivorId)
                                .bind("merged", mergedId)
                                .bind("at", at)
                                .then())
                        .thenReturn(new Linked(Linked.Outcome.MERGED, mergedId, moved)));
    }
}

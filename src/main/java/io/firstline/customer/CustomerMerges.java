package io.firstline.customer;

import java.time.Instant;
import java.util.List;
import io.firstline.kernel.Channel;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The rows linking and merging touch: who owns an identity, customers locked for a merge, identities moved. */
@Repository
class CustomerMerges {

    /** A customer locked for linking: its workspace, and whom it was merged into (null if nobody). */
    record LockedCustomer(long id, long workspaceId, Long mergedInto) {
    }

    private final DatabaseClient db;

    CustomerMerges(DatabaseClient db) {
        this.db = db;
    }

    /** The customer who owns the identity, read without a lock (see {@link IdentityLinks}). */
    Mono<Long> ownerOf(long workspaceId, Channel channel, String handle) {
        return db.sql("""
                        SELECT customer_id FROM customer_identity
                        WHERE workspace_id = :workspace AND channel = :channel AND handle = :handle""")
                .bind("workspace", workspaceId)
                .bind("channel", channel.wireName())
                .bind("handle", handle)
                .map(row -> row.get("customer_id", Long.class))
                .one();
    }

    /**
     * Locks the customers in id order. NO KEY UPDATE: intake's new contacts take KEY SHARE on their customer (the
     * foreign key) while holding a share lock on the identity a merge moves; FOR UPDATE would deadlock with them.
     */
    Flux<LockedCustomer> lock(List<Long> ids) {
        return db.sql("SELECT id, workspace_id, merged_into FROM customer WHERE id = ANY(:ids) ORDER BY id FOR NO KEY UPDATE")
                .bind("ids", ids.toArray(Long[]::new))
                .map(row -> new LockedCustomer(row.get("id", Long.class), row.get("workspace_id", Long.class),
                        row.get("merged_into", Long.class)))
                .all();
    }

    /** Locks the merged customer's identities in id order, as intake's batches lock them (identities, then contacts). */
    Mono<Void> lockIdentitiesOf(long customerId) {
        return db.sql("SELECT id FROM customer_identity WHERE customer_id = :merged ORDER BY id FOR NO KEY UPDATE")
                .bind("merged", customerId)
                .then();
    }

    Mono<Void> moveIdentities(long mergedId, long survivorId) {
        return db.sql("UPDATE customer_identity SET customer_id = :survivor WHERE customer_id = :merged")
                .bind("survivor", survivorId)
                .bind("merged", mergedId)
                .then();
    }

    /** The merged customer (and any merged into it before) now point at the survivor. */
    Mono<Void> markMerged(long mergedId, long survivorId, Instant at) {
        return db.sql("""
                        UPDATE customer SET merged_into = :survivor,
                               merged_at = CASE WHEN id = :merged THEN :at ELSE merged_at END
                        WHERE id = :merged OR merged_into = :merged""")
                .bind("survivor", survivorId)
                .bind("merged", mergedId)
                .bind("at", at)
                .then();
    }
}

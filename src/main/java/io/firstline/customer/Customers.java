package io.firstline.customer;

import io.firstline.contact.Channel;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Customers and their identities per channel, in PostgreSQL. */
@Repository
public class Customers {

    private final DatabaseClient db;

    public Customers(DatabaseClient db) {
        this.db = db;
    }

    /** The customer who owns this handle on this channel, created on first contact. */
    public Mono<CustomerRef> findOrCreate(long workspaceId, Channel channel, String handle, String displayName) {
        return byIdentity(channel, handle)
                .switchIfEmpty(Mono.defer(() -> create(workspaceId, channel, handle, displayName)));
    }

    /**
     * The customer who owns this handle now. The identity stays share-locked to the end of the transaction: a
     * merge that moves it (IdentityLinks) waits for intake to commit, or intake waits for the merge and then
     * reads the survivor, so no contact is opened for a customer merged away.
     */
    private Mono<CustomerRef> byIdentity(Channel channel, String handle) {
        return db.sql("""
                        SELECT c.id, c.display_name FROM customer c
                        WHERE c.id = (SELECT i.customer_id FROM customer_identity i
                                      WHERE i.channel = :channel AND i.handle = :handle FOR SHARE)""")
                .bind("channel", channel.wireName())
                .bind("handle", handle)
                .map(row -> new CustomerRef(row.get("id", Long.class), row.get("display_name", String.class)))
                .one();
    }

    /** Adds the identity to the customer unless someone owns it already; false then. */
    Mono<Boolean> addIdentity(long customerId, Channel channel, String handle) {
        return db.sql("""
                        INSERT INTO customer_identity (customer_id, channel, handle) VALUES (:customer, :channel, :handle)
                        ON CONFLICT (channel, handle) DO NOTHING""")
                .bind("customer", customerId)
                .bind("channel", channel.wireName())
                .bind("handle", handle)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0);
    }

    private Mono<CustomerRef> create(long workspaceId, Channel channel, String handle, String displayName) {
        return db.sql("INSERT INTO customer (workspace_id, display_name) VALUES (:workspace, :name) RETURNING id")
                .bind("workspace", workspaceId)
                .bind("name", displayName)
                .map(row -> row.get("id", Long.class))
                .one()
                .flatMap(id -> db.sql("INSERT INTO customer_identity (customer_id, channel, handle) VALUES (:customer, :channel, :handle)")
                        .bind("customer", id)
                        .bind("channel", channel.wireName())
                        .bind("handle", handle)
                        .then()
                        .thenReturn(new CustomerRef(id, displayName)));
    }
}

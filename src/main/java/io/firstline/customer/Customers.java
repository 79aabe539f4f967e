package io.firstline.customer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.firstline.kernel.Channel;
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
        return byIdentity(workspaceId, channel, handle)
                .switchIfEmpty(Mono.defer(() -> create(workspaceId, channel, handle, displayName)));
    }

    /**
     * The one customer of the workspace with this name (case and surrounding spaces ignored), for a walk-in or a
     * letter that gives no phone number or address; empty when none or several have it.
     */
    public Mono<CustomerRef> onlyOneNamed(long workspaceId, String name) {
        return db.sql("""
                        SELECT id, display_name FROM customer
                        WHERE workspace_id = :workspace AND lower(btrim(display_name)) = lower(btrim(:name)) LIMIT 2""")
                .bind("workspace", workspaceId)
                .bind("name", name)
                .map(row -> new CustomerRef(row.get("id", Long.class), row.get("display_name", String.class)))
                .all()
                .collectList()
                .flatMap(found -> found.size() == 1 ? Mono.just(found.get(0)) : Mono.empty());
    }

    /** A customer known by name only (no handle on any channel yet). */
    public Mono<CustomerRef> createNamed(long workspaceId, String name) {
        return db.sql("INSERT INTO customer (workspace_id, display_name) VALUES (:workspace, :name) RETURNING id")
                .bind("workspace", workspaceId)
                .bind("name", name)
                .map(row -> new CustomerRef(row.get("id", Long.class), name))
                .one();
    }

    /**
     * The customer who owns this handle now. The identity stays share-locked to the end of the transaction: a
     * merge that moves it (IdentityLinks) waits for intake to commit, or intake waits for the merge and then
     * reads the survivor, so no contact is opened for a customer merged away.
     */
    private Mono<CustomerRef> byIdentity(long workspaceId, Channel channel, String handle) {
        return db.sql("""
                        SELECT c.id, c.display_name FROM customer c
                        WHERE c.id = (SELECT i.customer_id FROM customer_identity i
                                      WHERE i.workspace_id = :workspace AND i.channel = :channel AND i.handle = :handle
                                      FOR SHARE)""")
                .bind("workspace", workspaceId)
                .bind("channel", channel.wireName())
                .bind("handle", handle)
                .map(row -> new CustomerRef(row.get("id", Long.class), row.get("display_name", String.class)))
                .one();
    }

    /** Adds the identity to the customer unless someone of its workspace owns it already; false then. */
    Mono<Boolean> addIdentity(long customerId, Channel channel, String handle) {
        return db.sql("""
                        INSERT INTO customer_identity (customer_id, workspace_id, channel, handle)
                        SELECT c.id, c.workspace_id, :channel, :handle FROM customer c WHERE c.id = :customer
                        ON CONFLICT (workspace_id, channel, handle) DO NOTHING""")
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
                .flatMap(id -> db.sql("""
                                INSERT INTO customer_identity (customer_id, workspace_id, channel, handle)
                                VALUES (:customer, :workspace, :channel, :handle)""")
                        .bind("customer", id)
                        .bind("workspace", workspaceId)
                        .bind("channel", channel.wireName())
                        .bind("handle", handle)
                        .then()
                        .thenReturn(new CustomerRef(id, displayName)));
    }

    // ---- many at once (intake's micro-batches) --------------------------------------------------------------

    /** A customer's handle on one channel. */
    public record Identity(Channel channel, String handle) {
    }

    /**
     * The customers who own these handles now, by handle; unknown handles are absent. The identities stay
     * share-locked to the end of the transaction, as in {@link #findOrCreate}, locked in id order (as a merge
     * locks them, {@code IdentityLinks}) and before the customer is joined: an identity a merge moved meanwhile is
     * read again after the merge and joined to the survivor.
     */
    public Mono<Map<Identity, CustomerRef>> byIdentities(long workspaceId, Collection<Identity> identities) {
        return db.sql("""
                        WITH locked AS (
                          SELECT i.channel, i.handle, i.customer_id
                          FROM customer_identity i
                            JOIN unnest(:channels::text[], :handles::text[]) AS k(channel, handle)
                              ON i.channel = k.channel AND i.handle = k.handle
                          WHERE i.workspace_id = :workspace
                          ORDER BY i.id
                          FOR SHARE OF i
                        )
                        SELECT l.channel, l.handle, c.id, c.display_name FROM locked l JOIN customer c ON c.id = l.customer_id""")
                .bind("workspace", workspaceId)
                .bind("channels", identities.stream().map(identity -> identity.channel().wireName()).toArray(String[]::new))
                .bind("handles", identities.stream().map(Identity::handle).toArray(String[]::new))
                .map(row -> Map.entry(new Identity(Channel.fromWireName(row.get("channel", String.class)).orElseThrow(),
                                row.get("handle", String.class)),
                        new CustomerRef(row.get("id", Long.class), row.get("display_name", String.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
    }

    /** A customer to create with their first handle. */
    public record NewCustomer(Identity identity, String displayName) {
    }

    /**
     * Creates the customers, each with its identity, in one statement; returns them in the same order, ids ascending
     * in that order.
     */
    public Mono<List<CustomerRef>> createAll(long workspaceId, List<NewCustomer> customers) {
        if (customers.isEmpty()) {
            return Mono.just(List.of());
        }
        return db.sql("""
                        WITH input AS (
                          SELECT * FROM unnest(:names::text[], :channels::text[], :handles::text[])
                                        WITH ORDINALITY AS t(name, channel, handle, n)
                        ), numbered AS (
                          SELECT n, nextval('customer_id_seq') AS id FROM input ORDER BY n
                        ), new_customer AS (
                          INSERT INTO customer (id, workspace_id, display_name)
                          SELECT numbered.id, :workspace, input.name FROM input JOIN numbered USING (n)
                        ), new_identity AS (
                          INSERT INTO customer_identity (customer_id, workspace_id, channel, handle)
                          SELECT numbered.id, :workspace, input.channel, input.handle FROM input JOIN numbered USING (n) ORDER BY n
                        )
                        SELECT id FROM numbered ORDER BY n""")
                .bind("workspace", workspaceId)
                .bind("names", customers.stream().map(NewCustomer::displayName).toArray(String[]::new))
                .bind("channels", customers.stream().map(c -> c.identity().channel().wireName()).toArray(String[]::new))
                .bind("handles", customers.stream().map(c -> c.identity().handle()).toArray(String[]::new))
                .map(row -> row.get("id", Long.class))
                .all()
                .collectList()
                .map(ids -> {
                    List<CustomerRef> created = new ArrayList<>(customers.size());
                    for (int i = 0; i < customers.size(); i++) {
                        created.add(new CustomerRef(ids.get(i), customers.get(i).displayName()));
                    }
                    return created;
                });
    }
}

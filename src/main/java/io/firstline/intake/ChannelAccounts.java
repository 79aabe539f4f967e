package io.firstline.intake;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import io.firstline.kernel.Channel;
import io.firstline.kernel.DomainEvent;
import io.firstline.kernel.DomainEventListener;
import io.firstline.kernel.EventBus;
import io.firstline.platform.WorkspaceDirectory;
import java.time.Clock;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Which workspace an inbound message belongs to: its channel account ({@code channel_account}), else the node's
 * default workspace ({@code firstline.workspace.code}), so an install that lists no account changes nothing. Intake
 * resolves every envelope from memory: the table is read again after a change ({@link ChannelAccountAttached}, which
 * reaches every node in Kafka mode) and at least every {@link #REREAD} (a node that missed the event); never a query
 * per message.
 */
@Repository
public class ChannelAccounts implements DomainEventListener {

    static final Duration REREAD = Duration.ofSeconds(10);

    /** A channel account: the account a channel's provider names in each message (a webhook, a mailbox, a line). */
    public record Key(Channel channel, String account) {
    }

    public record Attached(String channel, String account, String workspace) {
    }

    /** Resolves envelopes to workspace ids; one per batch, from one reading of the table. */
    public record Resolver(Map<Key, Long> accounts, long defaultWorkspace) {

        public long workspaceOf(InboundEnvelope envelope) {
            return workspaceOf(envelope.channel(), envelope.account());
        }

        public long workspaceOf(Channel channel, String account) {
            return accounts.getOrDefault(new Key(channel, account), defaultWorkspace);
        }
    }

    private final DatabaseClient db;
    private final WorkspaceDirectory workspace;
    private final EventBus events;
    private final TransactionalOperator transaction;
    private final Clock clock;
    private volatile Mono<Map<Key, Long>> accounts;

    ChannelAccounts(DatabaseClient db, WorkspaceDirectory workspace, EventBus events, TransactionalOperator transaction,
                    Clock clock) {
        this.db = db;
        this.workspace = workspace;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
        this.accounts = read();
    }

    @Override
    public boolean accepts(Class<? extends DomainEvent> type) {
        return type == ChannelAccountAttached.class;
    }

    /** Only replaces the cached reading (lazy): the next batch reads the table, nothing is read here. */
    @Override
    public void on(DomainEvent event) {
        accounts = read();
    }

    public Mono<Resolver> resolver() {
        return accounts.zipWith(workspace.id(), Resolver::new);
    }

    private Mono<Map<Key, Long>> read() {
        // On a connection of its own: not in the transaction of whichever batch asked first.
        return db.sql("SELECT channel, account, workspace_id FROM channel_account")
                .map(row -> Map.entry(new Key(Channel.fromWireName(row.get("channel", String.class)).orElseThrow(),
                        row.get("account", String.class)), row.get("workspace_id", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new)
                .map(Map::copyOf)
                .contextWrite(context -> Context.empty())
                .cache(value -> REREAD, error -> Duration.ZERO, () -> Duration.ZERO);
    }

    /**
     * Attaches the account to the workspace (replacing an earlier one); messages from now on go there. The change is
     * recorded in {@code admin_change} (the workspace's, subject {@code channel-account:<channel>/<account>}) with it.
     */
    Mono<Attached> attach(Channel channel, String account, long workspaceId, long adminId, String workspaceCode) {
        String subject = "channel-account:" + channel.wireName() + "/" + account;
        Mono<Void> write = db.sql("""
                        INSERT INTO channel_account (channel, account, workspace_id) VALUES (:channel, :account, :workspace)
                        ON CONFLICT (channel, account) DO UPDATE SET workspace_id = excluded.workspace_id, updated_at = now()""")
                .bind("channel", channel.wireName())
                .bind("account", account)
                .bind("workspace", workspaceId)
                .then()
                .then(db.sql("""
                                INSERT INTO admin_change (workspace_id, agent_id, subject, detail, at)
                                VALUES (:workspace, :agent, :subject, :detail, :at)""")
                        .bind("workspace", workspaceId).bind("agent", adminId).bind("subject", subject)
                        .bind("detail", "attached to workspace " + workspaceCode).bind("at", clock.instant()).then());
        return write.as(transaction::transactional)
                .doOnSuccess(done -> events.publish(new ChannelAccountAttached(channel.wireName(), account, workspaceId)))
                .then(all().filter(attached -> attached.channel().equals(channel.wireName()) && attached.account().equals(account)).next());
    }

    Flux<Attached> all() {
        return db.sql("""
                        SELECT a.channel, a.account, w.code FROM channel_account a JOIN workspace w ON w.id = a.workspace_id
                        ORDER BY a.channel, a.account""")
                .map(row -> new Attached(row.get("channel", String.class), row.get("account", String.class),
                        row.get("code", String.class)))
                .all();
    }

    Mono<Long> workspaceId(String code) {
        return db.sql("SELECT id FROM workspace WHERE code = :code").bind("code", code)
                .map(row -> row.get("id", Long.class)).one();
    }
}

package io.firstline.routing;

import java.time.Duration;
import java.util.EnumMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import io.firstline.kernel.Channel;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/** Routing queues in PostgreSQL. */
@Repository
public class RoutingQueues {

    private final DatabaseClient db;

    public RoutingQueues(DatabaseClient db) {
        this.db = db;
    }

    /** The queue new contacts of a channel join (the oldest queue of that channel). */
    public Mono<RoutingQueue> forChannel(long workspaceId, Channel channel) {
        return db.sql("SELECT id, code, skill, priority, capacity FROM queue WHERE workspace_id = :workspace AND channel = :channel ORDER BY id LIMIT 1")
                .bind("workspace", workspaceId)
                .bind("channel", channel.wireName())
                .map(RoutingQueues::queue)
                .one()
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("no queue for channel " + channel.wireName())));
    }

    /**
     * {@link #forChannel} for every channel that has a queue, read at most every {@link #QUEUES_REREAD} (intake asks
     * for every batch; queues change by migration or by an administrator).
     */
    public Mono<Map<Channel, RoutingQueue>> byChannel(long workspaceId) {
        // Read on a connection of its own: not in the transaction of whichever batch asked first.
        return byChannel.computeIfAbsent(workspaceId, id -> readByChannel(id).contextWrite(context -> Context.empty())
                .cache(queues -> QUEUES_REREAD, error -> Duration.ZERO, () -> Duration.ZERO));
    }

    static final Duration QUEUES_REREAD = Duration.ofSeconds(10);
    private final Map<Long, Mono<Map<Channel, RoutingQueue>>> byChannel = new ConcurrentHashMap<>();

    private Mono<Map<Channel, RoutingQueue>> readByChannel(long workspaceId) {
        return db.sql("SELECT DISTINCT ON (channel) channel, id, code, skill, priority, capacity FROM queue WHERE workspace_id = :workspace"
                        + " ORDER BY channel, id")
                .bind("workspace", workspaceId)
                .map(row -> Map.entry(Channel.fromWireName(row.get("channel", String.class)).orElseThrow(),
                        queue(row)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, () -> new EnumMap<>(Channel.class));
    }

    /** An administrator changed a queue: the next batch reads them again instead of waiting out {@link #QUEUES_REREAD}. */
    void forget(long workspaceId) {
        byChannel.remove(workspaceId);
    }

    /** A queue's capacity override; null for the channel's capacity. */
    static Integer capacity(io.r2dbc.spi.Readable row) {
        Short capacity = row.get("capacity", Short.class);
        return capacity == null ? null : capacity.intValue();
    }

    private static RoutingQueue queue(io.r2dbc.spi.Readable row) {
        return new RoutingQueue(row.get("id", Long.class), row.get("code", String.class), row.get("skill", String.class),
                row.get("priority", Short.class), capacity(row));
    }
}

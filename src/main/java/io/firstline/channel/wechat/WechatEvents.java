package io.firstline.channel.wechat;

import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** WeChat events that become no contact (subscribe, unsubscribe, SCAN, VIEW), each kept once. */
@Repository
class WechatEvents {

    private final DatabaseClient db;

    WechatEvents(DatabaseClient db) {
        this.db = db;
    }

    /** Stores the event unless it was stored before; emits whether it was a duplicate (a retried push). */
    Mono<Boolean> record(String account, WechatInbound inbound, Instant receivedAt) {
        return db.sql("""
                        INSERT INTO wechat_event (account, open_id, event, event_key, create_time, received_at)
                        VALUES ($1, $2, $3, $4, $5, $6)
                        ON CONFLICT (account, open_id, create_time, event) DO NOTHING""")
                .bind(0, account)
                .bind(1, inbound.fromUserName())
                .bind(2, inbound.event())
                .bind(3, inbound.fields().getOrDefault("EventKey", ""))
                .bind(4, inbound.createTime())
                .bind(5, receivedAt.atOffset(ZoneOffset.UTC))
                .fetch().rowsUpdated()
                .map(rows -> rows == 0);
    }
}

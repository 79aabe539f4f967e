package io.firstline.channel.email;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The e-mail channel's own tables (V5__email.sql): seen Mailgun tokens, subjects, attachments. */
@Repository
class EmailStore {

    private final DatabaseClient db;

    EmailStore(DatabaseClient db) {
        this.db = db;
    }

    /** True when the token is new (and now remembered); false when it was seen before. Purges tokens past {@code keep}. */
    Mono<Boolean> claimToken(String account, String token, Instant now, Duration keep) {
        return db.sql("""
                        WITH purge AS (DELETE FROM email_webhook_token WHERE seen_at < :cutoff)
                        INSERT INTO email_webhook_token (account, token, seen_at) VALUES (:account, :token, :now)
                        ON CONFLICT DO NOTHING""")
                .bind("cutoff", now.minus(keep))
                .bind("account", account)
                .bind("token", token)
                .bind("now", now)
                .fetch().rowsUpdated()
                .map(rows -> rows > 0);
    }

    /** Forgets a claimed token when its message could not be stored, so the provider's retry is taken. */
    Mono<Void> releaseToken(String account, String token) {
        return db.sql("DELETE FROM email_webhook_token WHERE account = :account AND token = :token")
                .bind("account", account).bind("token", token).then();
    }

    /**
     * The newest contact of the workspace holding one of these messages (ids as stored: Message-IDs in angle
     * brackets). Another workspace's mails are not looked at: a reply never threads across workspaces.
     */
    Mono<Long> contactOfAny(long workspaceId, List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        SELECT contact_id FROM message WHERE workspace_id = :workspace AND channel = 'email'
                          AND external_id = ANY(:ids)
                        ORDER BY created_at DESC LIMIT 1""")
                .bind("workspace", workspaceId)
                .bind("ids", messageIds.toArray(String[]::new))
                .map(row -> row.get("contact_id", Long.class))
                .one();
    }

    /** Records the mail's subject and attachments; idempotent, so a retried webhook can run it again. */
    Mono<Void> record(String account, EmailMessage mail, Instant at) {
        Mono<Void> message = db.sql("""
                        INSERT INTO email_message (message_id, account, from_address, subject, received_at)
                        VALUES (:id, :account, :from, :subject, :at) ON CONFLICT DO NOTHING""")
                .bind("id", mail.messageId())
                .bind("account", account)
                .bind("from", mail.fromAddress())
                .bind("subject", mail.subject())
                .bind("at", at)
                .then();
        Flux<Void> attachments = Flux.range(0, mail.attachments().size()).concatMap(i -> {
            EmailMessage.Attachment a = mail.attachments().get(i);
            var spec = db.sql("""
                            INSERT INTO email_attachment (message_id, position, file_name, content_type, size_bytes, refused_reason)
                            VALUES (:id, :position, :name, :type, :size, :reason) ON CONFLICT DO NOTHING""")
                    .bind("id", mail.messageId())
                    .bind("position", i)
                    .bind("name", a.name())
                    .bind("type", a.contentType())
                    .bind("size", a.size());
            spec = a.refusedReason() == null ? spec.bindNull("reason", String.class) : spec.bind("reason", a.refusedReason());
            return spec.then();
        });
        return message.thenMany(attachments).then();
    }

    /** The subject of a stored mail, for the "Re:" of a reply. */
    Mono<String> subjectOf(String messageId) {
        return db.sql("SELECT subject FROM email_message WHERE message_id = :id")
                .bind("id", messageId)
                .map(row -> row.get("subject", String.class))
                .one();
    }
}

package io.firstline.registration;

import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Documents kept with a contact: a letter's scan, a paper a visitor left. */
@Repository
class Attachments {

    /** One attachment as listed (without its content). */
    record AttachmentView(long id, String fileName, String contentType, int sizeBytes, String addedBy, Instant addedAt) {
    }

    record Content(String fileName, String contentType, byte[] bytes) {
    }

    private final DatabaseClient db;

    Attachments(DatabaseClient db) {
        this.db = db;
    }

    Mono<Long> add(long contactId, String fileName, String contentType, byte[] content, String by, Instant at) {
        return db.sql("""
                        INSERT INTO contact_attachment (contact_id, file_name, content_type, size_bytes, content, added_by, added_at)
                        VALUES (:contact, :name, :type, :size, :content, :by, :at) RETURNING id""")
                .bind("contact", contactId)
                .bind("name", fileName)
                .bind("type", contentType)
                .bind("size", content.length)
                .bind("content", java.nio.ByteBuffer.wrap(content))
                .bind("by", by)
                .bind("at", at)
                .map(row -> row.get("id", Long.class))
                .one();
    }

    Mono<List<AttachmentView>> of(long contactId) {
        return db.sql("""
                        SELECT id, file_name, content_type, size_bytes, added_by, added_at FROM contact_attachment
                        WHERE contact_id = :contact ORDER BY id""")
                .bind("contact", contactId)
                .map(row -> new AttachmentView(row.get("id", Long.class), row.get("file_name", String.class),
                        row.get("content_type", String.class), row.get("size_bytes", Integer.class),
                        row.get("added_by", String.class), row.get("added_at", Instant.class)))
                .all()
                .collectList();
    }

    Mono<Content> content(long contactId, long attachmentId) {
        return db.sql("SELECT file_name, content_type, content FROM contact_attachment WHERE contact_id = :contact AND id = :id")
                .bind("contact", contactId)
                .bind("id", attachmentId)
                .map(row -> {
                    java.nio.ByteBuffer buffer = row.get("content", java.nio.ByteBuffer.class);
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    return new Content(row.get("file_name", String.class), row.get("content_type", String.class), bytes);
                })
                .one();
    }
}

-- E-mail channel: Mailgun webhook tokens already seen (replay protection), the e-mail facts a
-- reply needs (subject), and the attachments of inbound mails (metadata only, no content yet).

-- Tokens older than twice the timestamp tolerance are purged on insert: their timestamps are stale anyway.
CREATE TABLE email_webhook_token (
    account text        NOT NULL,
    token   text        NOT NULL,
    seen_at timestamptz NOT NULL,
    PRIMARY KEY (account, token)
);
CREATE INDEX email_webhook_token_by_age ON email_webhook_token (seen_at);

-- Keyed by the Message-ID, which is also the message's external id (message.external_id, channel 'email').
CREATE TABLE email_message (
    message_id   text        PRIMARY KEY,
    account      text        NOT NULL,
    from_address text        NOT NULL,
    subject      text        NOT NULL,
    received_at  timestamptz NOT NULL
);

CREATE TABLE email_attachment (
    message_id     text    NOT NULL REFERENCES email_message (message_id),
    position       integer NOT NULL,
    file_name      text    NOT NULL,
    content_type   text    NOT NULL,
    size_bytes     bigint  NOT NULL,
    -- Null: within the limits. Otherwise why it was refused (too many, too large).
    refused_reason text,
    PRIMARY KEY (message_id, position)
);

-- Replies go out through the account the contact came in on; every message records its delivery.
ALTER TABLE contact ADD COLUMN account text NOT NULL DEFAULT '';
ALTER TABLE message
    ADD COLUMN delivery       text NOT NULL DEFAULT 'received' CHECK (delivery IN ('received', 'sent', 'failed')),
    ADD COLUMN delivery_error text;

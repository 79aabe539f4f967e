-- Walk-ins (来访) and paper letters registered by an agent (issue 12). A letter's scan (or any document a visitor
-- brings) is kept with the contact.
CREATE TABLE contact_attachment (
    id           bigserial   PRIMARY KEY,
    contact_id   bigint      NOT NULL REFERENCES contact (id),
    file_name    text        NOT NULL,
    content_type text        NOT NULL,
    size_bytes   integer     NOT NULL,
    content      bytea       NOT NULL,
    added_by     text        NOT NULL,
    added_at     timestamptz NOT NULL
);
CREATE INDEX contact_attachment_by_contact ON contact_attachment (contact_id);

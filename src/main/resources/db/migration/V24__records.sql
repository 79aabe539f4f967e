-- Records (issue 12, DOMAIN §7): the history and the messages are append-only in the database, not by convention;
-- only the retention purge removes them, and never those of a contact under legal hold.
ALTER TABLE contact
    ADD COLUMN legal_hold        boolean NOT NULL DEFAULT false,
    ADD COLUMN legal_hold_reason text,
    -- Set when the retention purge removed the contact's messages, history and documents; the row stays as a
    -- tombstone (audited archive reads still name it).
    ADD COLUMN purged_at         timestamptz;

-- Who set or lifted a legal hold, when and why. Append-only.
CREATE TABLE legal_hold_event (
    id         bigserial   PRIMARY KEY,
    contact_id bigint      NOT NULL REFERENCES contact (id),
    action     text        NOT NULL CHECK (action IN ('set', 'lifted')),
    reason     text        NOT NULL,
    actor      text        NOT NULL,
    at         timestamptz NOT NULL
);
CREATE INDEX legal_hold_event_by_contact ON legal_hold_event (contact_id, at);

CREATE FUNCTION legal_hold_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'legal_hold_event is append-only: a legal hold''s history is never changed or removed';
END
$$;
CREATE TRIGGER legal_hold_event_append_only BEFORE UPDATE OR DELETE ON legal_hold_event
    FOR EACH ROW EXECUTE FUNCTION legal_hold_event_is_append_only();

-- contact_event and message: never updated; deleted only by the retention purge (which sets firstline.purge for
-- its own transaction) and never for a contact under legal hold.
CREATE FUNCTION contact_record_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('firstline.purge', true) = 'on'
       AND NOT EXISTS (SELECT 1 FROM contact WHERE id = OLD.contact_id AND legal_hold) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: a contact''s % are never changed or removed (only the retention purge removes '
        'those of contacts past their retention and not under legal hold)', TG_TABLE_NAME, TG_TABLE_NAME;
END
$$;
CREATE TRIGGER contact_event_append_only BEFORE UPDATE OR DELETE ON contact_event
    FOR EACH ROW EXECUTE FUNCTION contact_record_is_append_only();
CREATE TRIGGER message_append_only BEFORE UPDATE OR DELETE ON message
    FOR EACH ROW EXECUTE FUNCTION contact_record_is_append_only();

CREATE INDEX contact_purgeable ON contact (updated_at) WHERE purged_at IS NULL AND status IN ('resolved', 'closed');

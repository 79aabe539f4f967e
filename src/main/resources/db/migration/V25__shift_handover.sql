-- Shift hand-over (交接班, issue 12): one record per change of shift, keyed by the moment the incoming shift starts;
-- the duty log, notes on the open matters, both signatures. Read-only once both have signed.
CREATE TABLE shift_handover (
    id                  bigserial   PRIMARY KEY,
    handover_at         timestamptz NOT NULL UNIQUE,
    outgoing_shift_start timestamptz NOT NULL,
    duty_log            text        NOT NULL DEFAULT '',
    outgoing_by         text,
    outgoing_signed_at  timestamptz,
    incoming_by         text,
    incoming_signed_at  timestamptz,
    -- What was handed over, as listed when the second signature was given (JSON).
    items               text
);

CREATE TABLE handover_item_note (
    handover_id bigint  NOT NULL REFERENCES shift_handover (id),
    contact_id  bigint  NOT NULL REFERENCES contact (id),
    note        text,
    note_by     text,
    unclear     boolean NOT NULL DEFAULT false,
    PRIMARY KEY (handover_id, contact_id)
);

CREATE FUNCTION shift_handover_is_read_only_once_signed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'shift_handover' THEN
        IF OLD.outgoing_signed_at IS NOT NULL AND OLD.incoming_signed_at IS NOT NULL THEN
            RAISE EXCEPTION 'hand-over % is signed by both shifts and read-only', OLD.id;
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM shift_handover h WHERE h.id = coalesce(NEW.handover_id, OLD.handover_id)
               AND h.outgoing_signed_at IS NOT NULL AND h.incoming_signed_at IS NOT NULL) THEN
        RAISE EXCEPTION 'hand-over % is signed by both shifts and read-only', coalesce(NEW.handover_id, OLD.handover_id);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER shift_handover_read_only BEFORE UPDATE OR DELETE ON shift_handover
    FOR EACH ROW EXECUTE FUNCTION shift_handover_is_read_only_once_signed();
CREATE TRIGGER handover_item_note_read_only BEFORE INSERT OR UPDATE OR DELETE ON handover_item_note
    FOR EACH ROW EXECUTE FUNCTION shift_handover_is_read_only_once_signed();

-- Message dedup per workspace + channel + external id (issue 16): two workspaces may receive the same provider id
-- (two WeChat official accounts number their messages independently). Existing rows take their contact's workspace,
-- so nothing is lost and a single-workspace install keeps exactly the dedup it had.
ALTER TABLE message ADD COLUMN workspace_id bigint REFERENCES workspace (id);
UPDATE message m SET workspace_id = c.workspace_id FROM contact c WHERE c.id = m.contact_id;

-- Inserts that do not name the workspace (replies, notes, seeded history) take their contact's.
CREATE FUNCTION message_workspace_from_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.workspace_id IS NULL THEN
        SELECT c.workspace_id INTO NEW.workspace_id FROM contact c WHERE c.id = NEW.contact_id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER message_workspace BEFORE INSERT ON message
    FOR EACH ROW EXECUTE FUNCTION message_workspace_from_contact();

ALTER TABLE message ALTER COLUMN workspace_id SET NOT NULL;
ALTER TABLE message ADD CONSTRAINT message_workspace_channel_external_id_key UNIQUE (workspace_id, channel, external_id);
ALTER TABLE message DROP CONSTRAINT message_channel_external_id_key;

-- Shift hand-over per workspace (issue 16): each workspace has its own shifts (in its own time zone), so its own
-- hand-over record at each change of shift. Records written before belong to the install's first workspace (the one
-- start-up created: before many workspaces there was only that one), so an existing install changes nothing.
ALTER TABLE shift_handover ADD COLUMN workspace_id bigint REFERENCES workspace (id);
-- Signed records are read-only (V25's trigger); giving them their workspace is not a change of what was signed.
ALTER TABLE shift_handover DISABLE TRIGGER shift_handover_read_only;
UPDATE shift_handover SET workspace_id = (SELECT min(id) FROM workspace);
ALTER TABLE shift_handover ENABLE TRIGGER shift_handover_read_only;
ALTER TABLE shift_handover ALTER COLUMN workspace_id SET NOT NULL;
ALTER TABLE shift_handover DROP CONSTRAINT shift_handover_handover_at_key;
ALTER TABLE shift_handover ADD CONSTRAINT shift_handover_per_workspace UNIQUE (workspace_id, handover_at);

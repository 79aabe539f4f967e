-- Users belong to a workspace (issue 16): a username is unique within its workspace, so two workspaces may each have
-- an "admin". Existing rows are unchanged (they were unique globally, so they are unique per workspace too).
ALTER TABLE agent DROP CONSTRAINT agent_username_key;
ALTER TABLE agent ADD CONSTRAINT agent_username_per_workspace UNIQUE (workspace_id, username);

-- The security audit trail names the workspace of the username it records (null for rows written before).
ALTER TABLE security_event ADD COLUMN workspace_id bigint REFERENCES workspace (id);

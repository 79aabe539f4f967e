-- Many workspaces per deployment (issue 16): a handle on a channel names one customer per workspace, not one in the
-- whole database: two service centres may both hear from +86 138 0000 0000. Existing rows take their customer's
-- workspace, so a single-workspace install migrates unchanged.
ALTER TABLE customer_identity ADD COLUMN workspace_id bigint REFERENCES workspace (id);
UPDATE customer_identity i SET workspace_id = c.workspace_id FROM customer c WHERE c.id = i.customer_id;
ALTER TABLE customer_identity ALTER COLUMN workspace_id SET NOT NULL;
ALTER TABLE customer_identity DROP CONSTRAINT customer_identity_channel_handle_key;
ALTER TABLE customer_identity ADD CONSTRAINT customer_identity_workspace_channel_handle_key
    UNIQUE (workspace_id, channel, handle);

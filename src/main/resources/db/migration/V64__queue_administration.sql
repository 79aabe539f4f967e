-- Queue administration (issue 16): a queue's priority orders its contacts before other queues' (0 lowest, 9 highest),
-- and every change an admin makes to a queue is kept, written once, never changed.
ALTER TABLE queue ADD COLUMN priority smallint NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 9);

CREATE TABLE admin_change (
    id           bigserial   PRIMARY KEY,
    workspace_id bigint      NOT NULL REFERENCES workspace (id),
    agent_id     bigint      NOT NULL REFERENCES agent (id),
    subject      text        NOT NULL,
    detail       text        NOT NULL,
    at           timestamptz NOT NULL
);
CREATE INDEX admin_change_by_subject ON admin_change (workspace_id, subject, at DESC);

CREATE FUNCTION admin_change_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'admin_change is append-only: the record of administration is never changed or removed';
END
$$;
CREATE TRIGGER admin_change_append_only BEFORE UPDATE OR DELETE ON admin_change
    FOR EACH ROW EXECUTE FUNCTION admin_change_is_append_only();

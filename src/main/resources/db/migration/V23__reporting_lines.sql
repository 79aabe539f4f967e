-- The escalation chain (issue 12): each agent's own supervisor (reporting line), set by an admin. A breach goes to
-- the supervisor of the agent who holds the contact first, then to the managers.
ALTER TABLE agent ADD COLUMN supervisor_id bigint REFERENCES agent (id);
ALTER TABLE agent ADD CONSTRAINT agent_not_own_supervisor CHECK (supervisor_id IS DISTINCT FROM id);

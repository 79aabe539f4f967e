-- Step deadlines (issue 12): each deadline is met by its own event (a reply, the resolution, the follow-up) or by
-- hand with a note; a met deadline no longer warns, breaches or escalates.
ALTER TABLE contact_deadline
    ADD COLUMN met_events text[] NOT NULL DEFAULT '{resolve}',
    ADD COLUMN met_at     timestamptz,
    ADD COLUMN met_by     text,
    ADD COLUMN met_note   text,
    -- The second-level escalation (to managers) of a breach still open, recorded so it fires once, also across restarts.
    ADD COLUMN escalated_at timestamptz;

-- The defaults for the deadlines stored before (StepEvent.defaultsFor): the first reply meets these.
UPDATE contact_deadline SET met_events = '{reply,resolve}' WHERE name IN ('first_response', 'acknowledge', 'reply');

DROP INDEX contact_deadline_pending;
CREATE INDEX contact_deadline_pending ON contact_deadline (due_at) WHERE breached_at IS NULL AND met_at IS NULL;

-- Breaches whose second-level escalation was due before this version (default 24 h after the breach) fired then,
-- unrecorded: mark them, so a restart after the upgrade does not send them to the managers again.
UPDATE contact_deadline SET escalated_at = due_at + interval '24 hours'
WHERE breached_at IS NOT NULL AND due_at < now() - interval '24 hours';

-- The roll-up triggers on deadlines, follow-ups, calls and events (V61) joined their transition table to contact; the
-- plan PostgreSQL kept for that join scanned contact as it grew, and intake slowed to a crawl (PostgreSQL at 100 %
-- for ~100 webhooks/s in the intake benchmark). A LATERAL lookup with LIMIT cannot be flattened into a join: each
-- written row finds its contact by primary key, whatever the batch size.
CREATE OR REPLACE FUNCTION report_children_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE report_day r SET ready = false, dirty = true
        FROM old_rows o CROSS JOIN LATERAL (SELECT x.workspace_id, x.opened_at FROM contact x WHERE x.id = o.contact_id LIMIT 1) c
        WHERE r.workspace_id = c.workspace_id AND r.end_at > c.opened_at AND r.start_at <= c.opened_at
          AND (r.ready OR NOT r.dirty);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE report_day r SET ready = false, dirty = true
        FROM new_rows n CROSS JOIN LATERAL (SELECT x.workspace_id, x.opened_at FROM contact x WHERE x.id = n.contact_id LIMIT 1) c
        WHERE r.workspace_id = c.workspace_id AND r.end_at > c.opened_at AND r.start_at <= c.opened_at
          AND (r.ready OR NOT r.dirty);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION report_events_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE report_day r SET ready = false, dirty = true
    FROM new_rows n CROSS JOIN LATERAL (SELECT x.workspace_id, x.opened_at FROM contact x WHERE x.id = n.contact_id LIMIT 1) c
    WHERE n.kind IN ('accepted', 'transferred')
      AND r.workspace_id = c.workspace_id AND r.end_at > c.opened_at AND r.start_at <= c.opened_at
      AND (r.ready OR NOT r.dirty);
    RETURN NULL;
END $$;

-- Daily roll-ups of the report figures (issue 11): per local day of the workspace's time zone and per combination of
-- the dimensions a report groups or filters by, the sums and counts the report adds up (ReportRollup builds them,
-- ReportQueries reads them for the days marked ready and computes the other days, today among them, from the contacts).
-- Figures that depend on "now" (open deadlines overdue, follow-ups overdue) are never rolled up.

CREATE TABLE report_day (
    workspace_id   bigint           NOT NULL REFERENCES workspace (id),
    zone           text             NOT NULL,
    day            date             NOT NULL,
    start_at       timestamptz      NOT NULL,
    end_at         timestamptz      NOT NULL,
    -- the service-level threshold the in_time counts were made with: another threshold makes the day live again
    threshold_secs double precision NOT NULL,
    -- ready: the rows below are the day's figures. dirty: a write touched the day's contacts since the build began.
    ready          boolean          NOT NULL DEFAULT false,
    dirty          boolean          NOT NULL DEFAULT false,
    built_at       timestamptz,
    PRIMARY KEY (workspace_id, zone, day)
);
CREATE INDEX report_day_by_end ON report_day (workspace_id, end_at);

CREATE TABLE report_rollup (
    workspace_id       bigint  NOT NULL,
    zone               text    NOT NULL,
    day                date    NOT NULL,
    channel            text    NOT NULL,
    queue_id           bigint  NOT NULL,
    department_id      bigint,
    type               text,
    severity           text    NOT NULL,
    cause_id           bigint,
    first_responder_id bigint,
    assignee_id        bigint,
    contacts           bigint  NOT NULL,
    valid_complaints   bigint  NOT NULL,
    resolved           bigint  NOT NULL,
    first_contact      bigint  NOT NULL,
    answered           bigint  NOT NULL,
    in_time            bigint  NOT NULL,
    asa_sum            numeric,
    aht_n              bigint  NOT NULL,
    aht_sum            numeric,
    calls              bigint  NOT NULL,
    abandoned          bigint  NOT NULL,
    fu_total           bigint  NOT NULL,
    fu_done            bigint  NOT NULL,
    fu_due             bigint  NOT NULL,
    sat_n              bigint  NOT NULL,
    sat_sum            bigint  NOT NULL,
    s1                 bigint  NOT NULL,
    s2                 bigint  NOT NULL,
    s3                 bigint  NOT NULL,
    s4                 bigint  NOT NULL,
    s5                 bigint  NOT NULL,
    -- every follow-up with a score, cancelled ones too (the per-agent mean counts them; the satisfaction figure not)
    agent_sat_n        bigint  NOT NULL,
    agent_sat_sum      bigint  NOT NULL
);
CREATE INDEX report_rollup_by_day ON report_rollup (workspace_id, zone, day);

CREATE TABLE report_rollup_deadline (
    workspace_id       bigint NOT NULL,
    zone               text   NOT NULL,
    day                date   NOT NULL,
    channel            text   NOT NULL,
    queue_id           bigint NOT NULL,
    department_id      bigint,
    type               text,
    first_responder_id bigint,
    assignee_id        bigint,
    name               text   NOT NULL,
    total              bigint NOT NULL,
    on_time            bigint NOT NULL,
    late               bigint NOT NULL,
    open               bigint NOT NULL
);
CREATE INDEX report_rollup_deadline_by_day ON report_rollup_deadline (workspace_id, zone, day);

-- A write to a contact, or to what the report counts of it, takes its day out of the roll-up (ready = false) and
-- marks it dirty, so a build that started before the write does not mark it ready. Statement-level, so a bulk write
-- (the demo's million contacts) is one join, not a million calls. Today's contacts have no report_day row yet: for
-- them this is an empty index probe. A day already dirty is left alone (no row lock for writers to queue on): a
-- build registers its days (dirty = false) and waits for every transaction older than that before it reads.
CREATE FUNCTION report_contacts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE report_day r SET ready = false, dirty = true FROM old_rows o
        WHERE r.workspace_id = o.workspace_id AND r.end_at > o.opened_at AND r.start_at <= o.opened_at
          AND (r.ready OR NOT r.dirty);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE report_day r SET ready = false, dirty = true FROM new_rows n
        WHERE r.workspace_id = n.workspace_id AND r.end_at > n.opened_at AND r.start_at <= n.opened_at
          AND (r.ready OR NOT r.dirty);
    END IF;
    RETURN NULL;
END $$;

-- The same for a table with contact_id (deadlines, follow-ups, calls).
CREATE FUNCTION report_children_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE report_day r SET ready = false, dirty = true FROM old_rows o JOIN contact c ON c.id = o.contact_id
        WHERE r.workspace_id = c.workspace_id AND r.end_at > c.opened_at AND r.start_at <= c.opened_at
          AND (r.ready OR NOT r.dirty);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE report_day r SET ready = false, dirty = true FROM new_rows n JOIN contact c ON c.id = n.contact_id
        WHERE r.workspace_id = c.workspace_id AND r.end_at > c.opened_at AND r.start_at <= c.opened_at
          AND (r.ready OR NOT r.dirty);
    END IF;
    RETURN NULL;
END $$;

-- Events are append-only (V1); only accepts and transfers count in a report.
CREATE FUNCTION report_events_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE report_day r SET ready = false, dirty = true FROM new_rows n JOIN contact c ON c.id = n.contact_id
    WHERE n.kind IN ('accepted', 'transferred')
      AND r.workspace_id = c.workspace_id AND r.end_at > c.opened_at AND r.start_at <= c.opened_at
      AND (r.ready OR NOT r.dirty);
    RETURN NULL;
END $$;

CREATE TRIGGER report_contact_added AFTER INSERT ON contact REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_contacts_changed();
CREATE TRIGGER report_contact_changed AFTER UPDATE ON contact REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_contacts_changed();
CREATE TRIGGER report_contact_removed AFTER DELETE ON contact REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_contacts_changed();
CREATE TRIGGER report_deadline_added AFTER INSERT ON contact_deadline REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_children_changed();
CREATE TRIGGER report_deadline_changed AFTER UPDATE ON contact_deadline REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_children_changed();
CREATE TRIGGER report_deadline_removed AFTER DELETE ON contact_deadline REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_children_changed();
CREATE TRIGGER report_follow_up_added AFTER INSERT ON follow_up REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_children_changed();
CREATE TRIGGER report_follow_up_changed AFTER UPDATE ON follow_up REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_children_changed();
CREATE TRIGGER report_follow_up_removed AFTER DELETE ON follow_up REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_children_changed();
CREATE TRIGGER report_phone_call_added AFTER INSERT ON phone_call REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_children_changed();
CREATE TRIGGER report_phone_call_changed AFTER UPDATE ON phone_call REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_children_changed();
CREATE TRIGGER report_phone_call_removed AFTER DELETE ON phone_call REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_children_changed();
CREATE TRIGGER report_event_added AFTER INSERT ON contact_event REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_events_added();

-- The figures that depend on "now", read from the contacts for every day: few contacts are unresolved (follow-ups
-- due use follow_up_due).
CREATE INDEX contact_unresolved_by_opened ON contact (workspace_id, opened_at) WHERE resolved_at IS NULL;

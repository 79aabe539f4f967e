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
-- marks it dirty, so a build that started before the write does not mark it ready. Today's contacts have no
-- report_day row yet: for them this is one empty index probe.
CREATE FUNCTION report_day_touch(ws bigint, opened timestamptz) RETURNS void LANGUAGE sql AS $$
    UPDATE report_day SET ready = false, dirty = true WHERE workspace_id = ws AND end_at > opened AND start_at <= opened
$$;

CREATE FUNCTION report_contact_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM report_day_touch(OLD.workspace_id, OLD.opened_at);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.opened_at <> OLD.opened_at OR NEW.workspace_id <> OLD.workspace_id) THEN
        PERFORM report_day_touch(NEW.workspace_id, NEW.opened_at);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION report_child_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM report_day_touch(c.workspace_id, c.opened_at) FROM contact c WHERE c.id = OLD.contact_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM report_day_touch(c.workspace_id, c.opened_at) FROM contact c WHERE c.id = NEW.contact_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER report_contact_changed AFTER INSERT OR UPDATE OR DELETE ON contact
    FOR EACH ROW EXECUTE FUNCTION report_contact_changed();
CREATE TRIGGER report_deadline_changed AFTER INSERT OR UPDATE OR DELETE ON contact_deadline
    FOR EACH ROW EXECUTE FUNCTION report_child_changed();
CREATE TRIGGER report_follow_up_changed AFTER INSERT OR UPDATE OR DELETE ON follow_up
    FOR EACH ROW EXECUTE FUNCTION report_child_changed();
CREATE TRIGGER report_phone_call_changed AFTER INSERT OR UPDATE OR DELETE ON phone_call
    FOR EACH ROW EXECUTE FUNCTION report_child_changed();
-- Events are append-only; only the first accept and transfers count in a report.
CREATE TRIGGER report_event_added AFTER INSERT ON contact_event
    FOR EACH ROW WHEN (NEW.kind IN ('accepted', 'transferred')) EXECUTE FUNCTION report_child_changed();

-- The figures that depend on "now", read from the contacts for every day: few contacts are unresolved (follow-ups
-- due use follow_up_due).
CREATE INDEX contact_unresolved_by_opened ON contact (workspace_id, opened_at) WHERE resolved_at IS NULL;

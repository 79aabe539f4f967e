-- Reports and assessment (issue 11): what a contact records for analysis, the scheduled reports' archive and the
-- audit of exports.

-- Complaint causes (投诉原因), versioned: renaming a cause retires its row and adds the next version, and a contact
-- keeps the row (version) it was given, so a report over an old period shows the label used then.
CREATE TABLE complaint_cause (
    id          bigserial PRIMARY KEY,
    code        text        NOT NULL,
    version     integer     NOT NULL,
    label       text        NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL,
    retired_at  timestamptz,
    UNIQUE (code, version)
);
CREATE UNIQUE INDEX complaint_cause_current ON complaint_cause (code) WHERE retired_at IS NULL;

INSERT INTO complaint_cause (code, version, label, created_by, created_at) VALUES
    ('service_attitude', 1, '服务态度 / service attitude', 'system', now()),
    ('workmanship', 1, '工程质量 / workmanship', 'system', now()),
    ('billing', 1, '收费 / billing', 'system', now()),
    ('outage', 1, '停水 / outage', 'system', now()),
    ('other', 1, '其他 / other', 'system', now());

-- Responsible departments (责任部门): a managed list, each with a supervisor and optionally the queue a transfer
-- "to the department" goes to.
CREATE TABLE department (
    id            bigserial PRIMARY KEY,
    workspace_id  bigint      NOT NULL REFERENCES workspace (id),
    code          text        NOT NULL,
    name          text        NOT NULL,
    supervisor_id bigint      REFERENCES agent (id),
    queue_id      bigint      REFERENCES queue (id),
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL,
    UNIQUE (workspace_id, code)
);

ALTER TABLE contact
    ADD COLUMN cause_id           bigint REFERENCES complaint_cause (id),
    ADD COLUMN department_id      bigint REFERENCES department (id),
    ADD COLUMN disposition        text CHECK (disposition IN ('resolved_first_contact', 'resolved_after_transfer',
                                                              'referred', 'not_reproducible', 'invalid_complaint')),
    ADD COLUMN disposition_reason text,
    -- Complaints only: whether it is a valid complaint (有效投诉); null until someone decides.
    ADD COLUMN complaint_valid    boolean;

-- Reports select a period of contacts by when they were opened, per workspace.
CREATE INDEX contact_by_opened ON contact (workspace_id, opened_at);
CREATE INDEX follow_up_by_contact_status ON follow_up (contact_id, status);
CREATE INDEX contact_event_accepted ON contact_event (contact_id, at) WHERE kind = 'accepted';
CREATE INDEX contact_event_transferred ON contact_event (contact_id) WHERE kind = 'transferred';

-- Scheduled reports (the daily one before the morning meeting, the monthly supervision report), as computed then.
CREATE TABLE report_archive (
    id           bigserial PRIMARY KEY,
    workspace_id bigint      NOT NULL REFERENCES workspace (id),
    kind         text        NOT NULL CHECK (kind IN ('daily', 'weekly', 'monthly')),
    period_from  date        NOT NULL,
    period_to    date        NOT NULL,
    body         text        NOT NULL,
    created_at   timestamptz NOT NULL,
    UNIQUE (workspace_id, kind, period_from)
);

-- Every export of a report or of the contacts behind a figure, by a person: audited like an archive read
-- (DOMAIN §7), append-only.
CREATE TABLE report_export (
    id           bigserial PRIMARY KEY,
    workspace_id bigint      NOT NULL REFERENCES workspace (id),
    agent_id     bigint      NOT NULL REFERENCES agent (id),
    what         text        NOT NULL,
    format       text        NOT NULL,
    period_from  timestamptz NOT NULL,
    period_to    timestamptz NOT NULL,
    filters      text        NOT NULL,
    masked       boolean     NOT NULL,
    exported_at  timestamptz NOT NULL
);
CREATE INDEX report_export_by_time ON report_export (exported_at DESC);

CREATE FUNCTION report_export_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'report_export is append-only: exports are never changed or removed';
END
$$;
CREATE TRIGGER report_export_append_only BEFORE UPDATE OR DELETE ON report_export
    FOR EACH ROW EXECUTE FUNCTION report_export_is_append_only();

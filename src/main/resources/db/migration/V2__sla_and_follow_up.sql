-- Deadlines (SLA), classification, supervisor-approved extensions and follow-ups (回访).

ALTER TABLE contact
    ADD COLUMN type         text NOT NULL DEFAULT 'inquiry',
    ADD COLUMN severity     text NOT NULL DEFAULT 'normal',
    ADD COLUMN repair_class text,
    ADD COLUMN resolved_at  timestamptz,
    -- When the contact last started waiting for an agent: routing order survives a restart.
    ADD COLUMN queued_at    timestamptz;
UPDATE contact SET queued_at = opened_at;
ALTER TABLE contact ALTER COLUMN queued_at SET NOT NULL;

-- The general manager (总经理) receives major matters and second-level escalations.
ALTER TABLE agent DROP CONSTRAINT agent_role_check;
ALTER TABLE agent ADD CONSTRAINT agent_role_check CHECK (role IN ('agent', 'supervisor', 'manager', 'admin'));

-- One row per named deadline of a contact; recomputed (replaced) when the contact is reclassified.
CREATE TABLE contact_deadline (
    contact_id  bigint      NOT NULL REFERENCES contact (id),
    name        text        NOT NULL,
    due_at      timestamptz NOT NULL,
    warn_at     timestamptz NOT NULL,
    warned_at   timestamptz,
    breached_at timestamptz,
    PRIMARY KEY (contact_id, name)
);
CREATE INDEX contact_deadline_pending ON contact_deadline (due_at) WHERE breached_at IS NULL;

-- Policies changed by an admin; the defaults live in configuration.
CREATE TABLE sla_policy (
    policy_key  text        PRIMARY KEY,
    definition  text        NOT NULL,
    updated_by  text        NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE deadline_extension (
    id          bigserial PRIMARY KEY,
    contact_id  bigint      NOT NULL REFERENCES contact (id),
    deadline    text        NOT NULL,
    new_due_at  timestamptz NOT NULL,
    approved_by bigint      NOT NULL REFERENCES agent (id),
    reason      text        NOT NULL,
    at          timestamptz NOT NULL
);

CREATE TABLE follow_up (
    id            bigserial PRIMARY KEY,
    contact_id    bigint      NOT NULL REFERENCES contact (id),
    assignee_id   bigint      NOT NULL REFERENCES agent (id),
    due_at        timestamptz NOT NULL,
    created_at    timestamptz NOT NULL,
    status        text        NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'done')),
    outcome       text,
    satisfaction  integer CHECK (satisfaction BETWEEN 1 AND 5),
    satisfied     boolean,
    comment       text,
    done_by       bigint REFERENCES agent (id),
    done_at       timestamptz
);
CREATE INDEX follow_up_due ON follow_up (status, due_at);
CREATE INDEX follow_up_by_contact ON follow_up (contact_id);

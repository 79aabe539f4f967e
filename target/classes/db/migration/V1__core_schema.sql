-- Firstline core schema: customers, contacts and their messages, the append-only
-- contact history, agents with skills, and routing queues.

CREATE TABLE workspace (
    id          bigserial PRIMARY KEY,
    code        text        NOT NULL UNIQUE,
    name        text        NOT NULL,
    time_zone   text        NOT NULL DEFAULT 'Asia/Shanghai',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE queue (
    id           bigserial PRIMARY KEY,
    workspace_id bigint      NOT NULL REFERENCES workspace (id),
    code         text        NOT NULL,
    name         text        NOT NULL,
    channel      text        NOT NULL,
    skill        text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (workspace_id, code)
);
CREATE INDEX queue_by_channel ON queue (workspace_id, channel);

CREATE TABLE agent (
    id            bigserial PRIMARY KEY,
    workspace_id  bigint      NOT NULL REFERENCES workspace (id),
    username      text        NOT NULL UNIQUE,
    display_name  text        NOT NULL,
    password_hash text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
    state         text        NOT NULL DEFAULT 'offline',
    state_since   timestamptz NOT NULL DEFAULT now(),
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agent_skill (
    agent_id bigint NOT NULL REFERENCES agent (id) ON DELETE CASCADE,
    skill    text   NOT NULL,
    PRIMARY KEY (agent_id, skill)
);

CREATE TABLE customer (
    id           bigserial PRIMARY KEY,
    workspace_id bigint      NOT NULL REFERENCES workspace (id),
    display_name text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE customer_identity (
    id          bigserial PRIMARY KEY,
    customer_id bigint      NOT NULL REFERENCES customer (id),
    channel     text        NOT NULL,
    handle      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (channel, handle)
);

CREATE TABLE contact (
    id                 bigserial PRIMARY KEY,
    workspace_id       bigint      NOT NULL REFERENCES workspace (id),
    customer_id        bigint      NOT NULL REFERENCES customer (id),
    channel            text        NOT NULL,
    queue_id           bigint      NOT NULL REFERENCES queue (id),
    status             text        NOT NULL,
    priority           integer     NOT NULL DEFAULT 0,
    assignee_id        bigint      REFERENCES agent (id),
    first_responder_id bigint      REFERENCES agent (id),
    opened_at          timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);
CREATE INDEX contact_open_by_customer ON contact (customer_id)
    WHERE status NOT IN ('resolved', 'follow_up', 'closed');
CREATE INDEX contact_by_status ON contact (status);

CREATE TABLE message (
    id          bigserial PRIMARY KEY,
    contact_id  bigint      NOT NULL REFERENCES contact (id),
    channel     text        NOT NULL,
    external_id text        NOT NULL,
    direction   text        NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    author      text        NOT NULL,
    body        text        NOT NULL,
    created_at  timestamptz NOT NULL,
    UNIQUE (channel, external_id)
);
CREATE INDEX message_by_contact ON message (contact_id, created_at);

-- Append-only: the application only ever inserts here.
CREATE TABLE contact_event (
    id         bigserial PRIMARY KEY,
    contact_id bigint      NOT NULL REFERENCES contact (id),
    kind       text        NOT NULL,
    actor      text        NOT NULL,
    detail     text,
    at         timestamptz NOT NULL
);
CREATE INDEX contact_event_by_contact ON contact_event (contact_id, at);

-- Security audit trail (issue 14): login lockouts, written once, never changed.
CREATE TABLE security_event (
    id        bigserial   PRIMARY KEY,
    kind      text        NOT NULL,
    username  text,
    address   text,
    detail    text        NOT NULL,
    at        timestamptz NOT NULL
);
CREATE INDEX security_event_at ON security_event (at);

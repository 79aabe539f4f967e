-- Phone channel: one row per call with the instant of each lifecycle step (so service level and abandon
-- rate are computed exactly), the status events already seen (provider retries change nothing), and the
-- address the telephony side dials to reach an agent.

-- SIP URI (sip:agent1@pbx.example), E.164 number or Twilio client name. Null: Twilio <Client>username</Client>.
ALTER TABLE agent ADD COLUMN extension text;

CREATE TABLE phone_call (
    call_id         text        PRIMARY KEY,
    account         text        NOT NULL,
    -- How the call reaches us: 'twilio' (TwiML answers) or 'generic' (signed JSON events and callbacks).
    form            text        NOT NULL CHECK (form IN ('twilio', 'generic')),
    contact_id      bigint      REFERENCES contact (id),
    from_number     text        NOT NULL,
    to_number       text,
    status          text        NOT NULL CHECK (status IN ('ringing', 'queued', 'offered', 'answered',
                                                           'completed', 'abandoned', 'no_answer')),
    -- Set once the call's envelope is durable in the intake log (a retry appends it again until then).
    intake_at       timestamptz,
    ringing_at      timestamptz,
    queued_at       timestamptz,
    offered_at      timestamptz,
    accepted_at     timestamptz,
    answered_at     timestamptz,
    completed_at    timestamptz,
    abandoned_at    timestamptz,
    no_answer_at    timestamptz,
    -- Abandoned sooner than firstline.channels.phone.short-abandon after it started: not a real abandon.
    short_abandon   boolean     NOT NULL DEFAULT false,
    -- The agent who accepted the offer and the address the telephony side was told to ring.
    answered_by     bigint      REFERENCES agent (id),
    agent_extension text,
    -- Generic form: when the signed "ring this agent" callback was acknowledged, or why it failed.
    callback_at     timestamptz,
    callback_error  text,
    started_at      timestamptz NOT NULL
);
CREATE INDEX phone_call_by_contact ON phone_call (contact_id);
CREATE INDEX phone_call_by_start ON phone_call (started_at);

-- Dedupe by call id + status: providers retry callbacks.
CREATE TABLE phone_call_event (
    call_id     text        NOT NULL REFERENCES phone_call (call_id),
    status      text        NOT NULL,
    at          timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (call_id, status)
);

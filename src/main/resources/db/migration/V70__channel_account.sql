-- Many workspaces per deployment (issue 16): which workspace an inbound channel account (a webhook's account, a
-- mailbox, a WeChat official account, a phone line) belongs to. An account not listed here belongs to the node's
-- default workspace (firstline.workspace.code), so an existing single-workspace install changes nothing.
CREATE TABLE channel_account (
    channel      text        NOT NULL,
    account      text        NOT NULL,
    workspace_id bigint      NOT NULL REFERENCES workspace (id),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (channel, account)
);

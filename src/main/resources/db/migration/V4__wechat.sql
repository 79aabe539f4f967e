-- WeChat events that do not become contacts (subscribe, unsubscribe, SCAN, VIEW): recorded once each.
-- WeChat retries a push up to three times; events carry no MsgId, so FromUserName + CreateTime + Event identify one.
CREATE TABLE wechat_event (
    id          bigserial PRIMARY KEY,
    account     text        NOT NULL,
    open_id     text        NOT NULL,
    event       text        NOT NULL,
    event_key   text,
    create_time bigint      NOT NULL,
    received_at timestamptz NOT NULL,
    UNIQUE (account, open_id, create_time, event)
);
CREATE INDEX wechat_event_by_customer ON wechat_event (account, open_id, create_time);

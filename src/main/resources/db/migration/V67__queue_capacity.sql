-- Queue administration (issue 16): a queue may cap the load at which an agent is still offered its contacts
-- (e.g. a VIP chat queue with 1: offered only to agents holding no other chat). Null: the channel's capacity.
-- The upper bound (the channel's configured capacity) is a setting, so the API checks it; the table only keeps it sane.
ALTER TABLE queue ADD COLUMN capacity smallint CHECK (capacity >= 1);

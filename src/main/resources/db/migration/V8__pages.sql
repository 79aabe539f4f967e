-- Internal notes: agents' and supervisors' remarks on a contact, stored with its messages but never sent
-- to the customer (direction 'internal', channel 'internal', so no channel's external-id lookups see them).
ALTER TABLE message DROP CONSTRAINT message_direction_check;
ALTER TABLE message ADD CONSTRAINT message_direction_check CHECK (direction IN ('inbound', 'outbound', 'internal'));

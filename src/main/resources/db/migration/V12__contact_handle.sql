-- The customer's handle a contact is answered on. Replies used to go to the customer's newest identity on
-- the contact's channel; since identities can be linked and customers merged (V9), a customer may hold two
-- e-mail addresses or two web-chat visitors, and a reply must go where that conversation is.
ALTER TABLE contact ADD COLUMN customer_handle text;

-- Before V9 every customer had one identity per channel, so that one is each contact's.
UPDATE contact c SET customer_handle = (
    SELECT i.handle FROM customer_identity i
    WHERE i.customer_id = c.customer_id AND i.channel = c.channel
    ORDER BY i.id LIMIT 1);

-- When an agent first accepted the contact (its first responder was set): the reports' speed of answer and handle
-- time read it from the row instead of looking up the contact's history per contact (issue 11, docs/reports.md).
ALTER TABLE contact ADD COLUMN first_accepted_at timestamptz;

UPDATE contact c SET first_accepted_at = e.first_at
FROM (SELECT contact_id, min(at) AS first_at FROM contact_event WHERE kind = 'accepted' GROUP BY contact_id) e
WHERE e.contact_id = c.id;

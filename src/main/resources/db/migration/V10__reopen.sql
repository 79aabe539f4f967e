-- Reopening by hand (the customer came back after resolution, or a re-check found the matter unsettled)
-- cancels a follow-up still due: it will not be made, and it must not count as done nor as overdue.
ALTER TABLE follow_up DROP CONSTRAINT follow_up_status_check;
ALTER TABLE follow_up ADD CONSTRAINT follow_up_status_check CHECK (status IN ('due', 'done', 'cancelled'));

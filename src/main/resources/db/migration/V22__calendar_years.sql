-- Holiday data loaded by an admin for a year (issue 12): public holidays and make-up working days, validated,
-- with the notice they come from. Overrides the year's shipped file, if any.
CREATE TABLE sla_calendar_year (
    year       integer     PRIMARY KEY,
    definition text        NOT NULL,
    loaded_by  text        NOT NULL,
    loaded_at  timestamptz NOT NULL
);

-- A working-time deadline counted across days without holiday data (weekends skipped, holidays not known).
ALTER TABLE contact_deadline ADD COLUMN without_holiday_data boolean NOT NULL DEFAULT false;

-- Customer archive (客户档案, DOMAIN §7): one customer's contacts across channels, identities linked by
-- staff (which can merge two customers into one), and an audit trail of every time a person reads it.

-- A customer found to be the same person as another keeps its row (old ids in links and audit rows stay
-- meaningful) but points at the survivor, which now holds its identities and contacts. Always the final
-- survivor: merging a survivor repoints the customers merged into it, so one hop resolves any id.
ALTER TABLE customer
    ADD COLUMN merged_into bigint REFERENCES customer (id),
    ADD COLUMN merged_at   timestamptz,
    ADD CONSTRAINT customer_not_merged_into_itself CHECK (merged_into <> id);
CREATE INDEX customer_by_merged_into ON customer (merged_into) WHERE merged_into IS NOT NULL;

-- The archive lists all of a customer's contacts, newest first, and a merge moves them all; the
-- existing index covers open contacts only.
CREATE INDEX contact_by_customer ON contact (customer_id, opened_at DESC);

-- Who read which archive, when, and on behalf of which contact: confidentiality needs every read by a
-- person to be accountable. Append-only, like contact_event, and enforced here rather than by convention.
CREATE TABLE customer_archive_read (
    id           bigserial PRIMARY KEY,
    workspace_id bigint      NOT NULL REFERENCES workspace (id),
    -- The archive that was shown: the survivor when the reader asked for a merged customer's id.
    customer_id  bigint      NOT NULL REFERENCES customer (id),
    agent_id     bigint      NOT NULL REFERENCES agent (id),
    -- The contact the reader said they were working on; null when they opened the archive on its own.
    contact_id   bigint      REFERENCES contact (id),
    read_at      timestamptz NOT NULL
);
CREATE INDEX customer_archive_read_by_customer ON customer_archive_read (customer_id, read_at DESC);

CREATE FUNCTION customer_archive_read_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'customer_archive_read is append-only: reads of an archive are never changed or removed';
END
$$;
CREATE TRIGGER customer_archive_read_append_only BEFORE UPDATE OR DELETE ON customer_archive_read
    FOR EACH ROW EXECUTE FUNCTION customer_archive_read_is_append_only();

package io.firstline.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A handle on a channel names one customer per workspace: another service centre in the same database may know the
 * same visitor as its own customer, and intake still finds this workspace's customer.
 */
class IdentityPerWorkspaceTest extends AppTestBase {

    @AfterEach
    void removeOtherWorkspace() {
        db.sql("DELETE FROM customer_identity WHERE workspace_id IN (SELECT id FROM workspace WHERE code = 'other_centre')")
                .then().block(WAIT);
        db.sql("DELETE FROM customer WHERE workspace_id IN (SELECT id FROM workspace WHERE code = 'other_centre')").then().block(WAIT);
        db.sql("DELETE FROM workspace WHERE code = 'other_centre'").then().block(WAIT);
    }

    @Test
    void theSameHandleBelongsToOneCustomerInEachWorkspace() {
        String visitor = "visitor-" + UUID.randomUUID();
        long first = sendWebchat(Webhooks.newId(), visitor, "Hello from the first centre's visitor").get("contactId").asLong();
        long ours = count("SELECT customer_id FROM contact WHERE id = $1", first);
        String handle = db.sql("SELECT handle FROM customer_identity WHERE customer_id = $1 AND channel = 'webchat'")
                .bind(0, ours).map(row -> row.get("handle", String.class)).one().block(WAIT);

        long other = count("INSERT INTO workspace (code, name) VALUES ('other_centre', 'Other centre') RETURNING id");
        long theirs = count("INSERT INTO customer (workspace_id, display_name) VALUES ($1, 'Their customer') RETURNING id", other);
        db.sql("INSERT INTO customer_identity (customer_id, workspace_id, channel, handle) VALUES ($1, $2, 'webchat', $3)")
                .bind(0, theirs).bind(1, other).bind(2, handle).then().block(WAIT);

        // The visitor writes again: this workspace's intake finds its own customer, not the other centre's.
        long second = sendWebchat(Webhooks.newId(), visitor, "Me again").get("contactId").asLong();
        assertThat(count("SELECT customer_id FROM contact WHERE id = $1", second)).isEqualTo(ours);
        // Within one workspace the handle still names exactly one customer.
        long again = count("INSERT INTO customer (workspace_id, display_name) VALUES ($1, 'Impostor') RETURNING id", other);
        assertThatThrownBy(() -> db.sql("INSERT INTO customer_identity (customer_id, workspace_id, channel, handle)"
                        + " VALUES ($1, $2, 'webchat', $3)").bind(0, again).bind(1, other).bind(2, handle).then().block(WAIT))
                .hasMessageContaining("customer_identity_workspace_channel_handle_key");
    }
}

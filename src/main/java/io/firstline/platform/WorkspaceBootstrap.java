package io.firstline.platform;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import javax.sql.DataSource;
import io.firstline.kernel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Makes a fresh database usable: the configured workspace, one queue per channel and,
 * when nobody can log in yet, an administrator whose random password is printed once.
 */
@Component
class WorkspaceBootstrap {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceBootstrap.class);

    private final WorkspaceProperties workspace;
    private final PasswordEncoder passwords;
    private final String timeZone;

    /** @param timeZone the SLA time zone a new workspace gets; after that the workspace's stored one counts */
    WorkspaceBootstrap(WorkspaceProperties workspace, PasswordEncoder passwords,
                       @org.springframework.beans.factory.annotation.Value("${firstline.sla.time-zone:Asia/Shanghai}") String timeZone) {
        this.workspace = workspace;
        this.passwords = passwords;
        this.timeZone = timeZone;
    }

    void run(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            long workspaceId = ensureWorkspace(connection);
            for (Channel channel : Channel.values()) {
                ensureQueue(connection, workspaceId, channel);
            }
            ensureAdministrator(connection, workspaceId);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare workspace " + workspace.code(), e);
        }
    }

    private long ensureWorkspace(Connection connection) throws SQLException {
        try (var insert = connection.prepareStatement(
                "INSERT INTO workspace (code, name, time_zone) VALUES (?, ?, ?) ON CONFLICT (code) DO NOTHING")) {
            insert.setString(1, workspace.code());
            insert.setString(2, workspace.name());
            insert.setString(3, timeZone);
            insert.executeUpdate();
        }
        try (var select = connection.prepareStatement("SELECT id FROM workspace WHERE code = ?")) {
            select.setString(1, workspace.code());
            try (var rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private void ensureQueue(Connection connection, long workspaceId, Channel channel) throws SQLException {
        try (var insert = connection.prepareStatement("""
                INSERT INTO queue (workspace_id, code, name, channel, skill)
                SELECT ?, ?, ?, ?, ?
                WHERE NOT EXISTS (SELECT 1 FROM queue WHERE workspace_id = ? AND channel = ?)""")) {
            String code = channel.wireName();
            insert.setLong(1, workspaceId);
            insert.setString(2, code);
            insert.setString(3, StandardQueues.name(channel));
            insert.setString(4, code);
            insert.setString(5, code);
            insert.setLong(6, workspaceId);
            insert.setString(7, code);
            insert.executeUpdate();
        }
    }

    private void ensureAdministrator(Connection connection, long workspaceId) throws SQLException {
        try (var count = connection.prepareStatement("SELECT count(*) FROM agent WHERE role = 'admin' AND workspace_id = ?")) {
            count.setLong(1, workspaceId);
            try (var rows = count.executeQuery()) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    return;
                }
            }
        }
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try (var insert = connection.prepareStatement("""
                INSERT INTO agent (workspace_id, username, display_name, password_hash, role)
                VALUES (?, 'admin', 'Administrator', ?, 'admin') ON CONFLICT (workspace_id, username) DO NOTHING""")) {
            insert.setLong(1, workspaceId);
            insert.setString(2, passwords.encode(password));
            insert.executeUpdate();
        }
        log.warn("Created the first administrator. Log in as 'admin' with password '{}' - it is shown only once.", password);
    }
}

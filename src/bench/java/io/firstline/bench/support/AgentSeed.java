package io.firstline.bench.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Benchmark agents written straight into the app's database (the app reads an agent's account and skills when
 * they log in and change state, so rows added after start-up are seen): {@code <prefix>0001..}, role agent, one
 * shared bcrypt hash (cost 4, so 500 logins do not cost 500 × 70 ms of bcrypt), the given skill.
 */
public final class AgentSeed {

    private AgentSeed() {
    }

    public static String username(String prefix, int n) {
        return prefix + String.format("%04d", n);
    }

    /** A JDBC connection to the bench database on the test PostgreSQL ({@code FIRSTLINE_DB_PORT}, as the app uses). */
    public static Connection jdbc(String database) throws SQLException {
        String port = System.getenv().getOrDefault("FIRSTLINE_DB_PORT", "5432");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", "");
    }

    public static void insert(String database, String workspace, String prefix, int count, String password, String skill)
            throws SQLException {
        String hash = BCrypt.hashpw(password, BCrypt.gensalt(4));
        try (Connection db = jdbc(database)) {
            try (PreparedStatement agents = db.prepareStatement("""
                    INSERT INTO agent (workspace_id, username, display_name, password_hash, role)
                    SELECT w.id, ? || lpad(g::text, 4, '0'), 'Bench agent ' || g, ?, 'agent'
                    FROM workspace w, generate_series(1, ?) g WHERE w.code = ?
                    ON CONFLICT (workspace_id, username) DO NOTHING""")) {
                agents.setString(1, prefix);
                agents.setString(2, hash);
                agents.setInt(3, count);
                agents.setString(4, workspace);
                if (agents.executeUpdate() != count) {
                    throw new IllegalStateException("could not insert " + count + " agents into workspace " + workspace);
                }
            }
            try (PreparedStatement skills = db.prepareStatement(
                    "INSERT INTO agent_skill (agent_id, skill) SELECT id, ? FROM agent WHERE username LIKE ? ON CONFLICT DO NOTHING")) {
                skills.setString(1, skill);
                skills.setString(2, prefix + "%");
                skills.executeUpdate();
            }
        }
    }
}

package io.firstline.platform;

import java.sql.DriverManager;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the application database through the maintenance database when it does not exist yet. */
final class DatabaseCreator {

    private static final Logger log = LoggerFactory.getLogger(DatabaseCreator.class);

    private DatabaseCreator() {
    }

    static void createIfMissing(DatabaseProperties db) {
        if (!db.name().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalStateException("firstline.db.name must be a plain identifier, got " + db.name());
        }
        try (var connection = DriverManager.getConnection(db.jdbcUrl(db.maintenanceDatabase()), db.user(), db.password());
             var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, db.name());
            try (var rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (var create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + db.name());
                log.info("Created database {}", db.name());
            }
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return; // created concurrently by another node
            }
            throw new IllegalStateException("Cannot reach or create database " + db.name() + " at "
                    + db.host() + ":" + db.port() + " as " + db.user() + ": " + e.getMessage(), e);
        }
    }
}

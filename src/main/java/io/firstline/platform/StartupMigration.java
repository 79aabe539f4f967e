package io.firstline.platform;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Start-up database work, done once on the main thread before the app takes traffic:
 * create the database if missing, migrate it with Flyway (JDBC), then make sure the
 * workspace, its default queues and a first administrator exist.
 * <p>
 * As soon as the database exists, the R2DBC pool opens its initial connections in the background
 * (on the driver's event loop), so that the reactive driver's first connect overlaps the migration
 * instead of following it when routing rebuilds its state. Those connections carry no session state
 * that a migration could make stale (no custom types or extensions are created by migrations).
 */
@Configuration(proxyBeanMethods = false)
class StartupMigration {

    private static final Logger log = LoggerFactory.getLogger(StartupMigration.class);

    @Bean
    FlywayMigrationStrategy firstlineMigrationStrategy(DatabaseProperties db, WorkspaceBootstrap bootstrap,
                                                       ObjectProvider<ConnectionFactory> connectionFactory) {
        return flyway -> {
            if (db.createIfMissing()) {
                DatabaseCreator.createIfMissing(db);
            }
            warmUp(connectionFactory.getIfAvailable());
            if (db.cleanOnStart()) {
                flyway.clean();
            }
            flyway.migrate();
            bootstrap.run(flyway.getConfiguration().getDataSource());
        };
    }

    /** Fire and forget: a failure here shows up again, and is reported, at the first real use of the pool. */
    private static void warmUp(ConnectionFactory connectionFactory) {
        if (connectionFactory instanceof ConnectionPool pool) {
            pool.warmup().subscribe(opened -> log.debug("R2DBC pool warmed up with {} connections", opened),
                    error -> log.debug("R2DBC pool warm-up failed: {}", error.toString()));
        }
    }
}

package io.firstline.platform;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Start-up database work, done once on the main thread before the app takes traffic:
 * create the database if missing, migrate it with Flyway (JDBC), then make sure the
 * workspace, its default queues and a first administrator exist.
 */
@Configuration(proxyBeanMethods = false)
class StartupMigration {

    @Bean
    FlywayMigrationStrategy firstlineMigrationStrategy(DatabaseProperties db, WorkspaceBootstrap bootstrap) {
        return flyway -> {
            if (db.createIfMissing()) {
                DatabaseCreator.createIfMissing(db);
            }
            if (db.cleanOnStart()) {
                flyway.clean();
            }
            flyway.migrate();
            bootstrap.run(flyway.getConfiguration().getDataSource());
        };
    }
}

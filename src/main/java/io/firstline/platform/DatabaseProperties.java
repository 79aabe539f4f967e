package io.firstline.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where PostgreSQL is and what to do with it at start-up ({@code firstline.db.*}). */
@ConfigurationProperties("firstline.db")
record DatabaseProperties(String host, int port, String name, String user, String password,
                                 String maintenanceDatabase, boolean createIfMissing, boolean cleanOnStart) {

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }
}

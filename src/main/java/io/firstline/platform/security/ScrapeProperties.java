package io.firstline.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Prometheus scraper's credential for {@code GET /actuator/prometheus} ({@code firstline.metrics.*}), sent as
 * HTTP Basic. Without a password only an admin's token reads the metrics.
 */
@ConfigurationProperties("firstline.metrics")
public record ScrapeProperties(String scrapeUsername, String scrapePassword) {

    public ScrapeProperties {
        scrapeUsername = scrapeUsername == null || scrapeUsername.isBlank() ? "prometheus" : scrapeUsername;
        scrapePassword = scrapePassword == null ? "" : scrapePassword;
    }
}

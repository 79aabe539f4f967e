package io.firstline.intake;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Intake bounds ({@code firstline.intake.*}).
 *
 * @param capacity  envelopes accepted and not yet settled (embedded mode); beyond it webhooks get 503
 * @param lanes     conversations processed in parallel; one conversation always stays in one lane
 * @param batchSize envelopes of one lane processed in one transaction at most (those that arrived while the
 *                  lane's previous transaction ran; a quiet lane never waits to fill a batch)
 */
@ConfigurationProperties("firstline.intake")
public record IntakeProperties(int capacity, int lanes, Duration retryAfter, int batchSize) {

    public IntakeProperties {
        if (lanes < 1) {
            throw new IllegalArgumentException("firstline.intake.lanes must be at least 1");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("firstline.intake.batch-size must be at least 1");
        }
    }
}

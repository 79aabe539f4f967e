package io.firstline.intake;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Intake bounds ({@code firstline.intake.*}). */
@ConfigurationProperties("firstline.intake")
public record IntakeProperties(int capacity, int lanes, Duration retryAfter) {
}

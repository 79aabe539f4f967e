package io.firstline.platform.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Session tokens ({@code firstline.security.*}). */
@ConfigurationProperties("firstline.security")
public record SecurityProperties(String jwtSecret, Duration tokenTtl, String cookieName, boolean cookieSecure) {
}

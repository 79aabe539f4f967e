package io.firstline.platform.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Session tokens ({@code firstline.security.*}).
 *
 * @param allowedOrigins page origins besides the app's own that may open the staff WebSockets
 */
@ConfigurationProperties("firstline.security")
public record SecurityProperties(String jwtSecret, Duration tokenTtl, String cookieName, boolean cookieSecure,
                                 List<String> allowedOrigins) {
}

package io.firstline.platform.security;

import io.firstline.platform.web.ProblemResponses;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Webhooks are authenticated by their own signatures, the chat widget's visitors by their visitor
 * token; everything else under /api and /ws needs an agent's token (bearer header or HttpOnly cookie). Spring's CSRF
 * tokens are off: the cookie is SameSite=Strict, and CookieRequestOrigins / HandshakeOrigins refuse cookie requests
 * and staff WebSocket handshakes from foreign origins before this chain.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(10);
    }

    /**
     * No observation (span and timer) around each of the security filters: per request that cost more than the
     * filters themselves (measured on webhooks, see docs/benchmarks.md); requests are still timed as a whole
     * ({@code http_server_requests}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, TokenService tokens,
                                                  SecurityProperties properties, ScrapeProperties scrape,
                                                  TokenHolders holders) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(SecurityHeaders.CONTENT_SECURITY_POLICY))
                        .hsts(ServerHttpSecurity.HeaderSpec.HstsSpec::disable)
                        .writer(SecurityHeaders.strictTransportSecurity(properties.cookieSecure())))
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // Nothing here redirects to a login page, so no request is saved for after one: without this,
                // every request (each webhook too) looks up a web session only to find nothing saved.
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(new TokenSecurityContextRepository(tokens, properties.cookieName(),
                        new ScrapeCredentials(scrape), holders))
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/webhooks/**").permitAll()
                        .pathMatchers(HttpMethod.POST, "/api/v1/auth/login").permitAll()
                        // The web-chat widget's visitors are not agents: the session endpoint is public and
                        // /ws/chat checks its own visitor token (io.firstline.channel.webchat.ChatGate) before this chain.
                        .pathMatchers(HttpMethod.POST, "/api/v1/chat/sessions").permitAll()
                        .pathMatchers("/ws/chat").permitAll()
                        // Probes are open; metrics need the scraper's Basic credential or an admin; the rest an admin.
                        .pathMatchers("/actuator/health/**", "/actuator/health").permitAll()
                        .pathMatchers(ScrapeCredentials.PATH).hasAnyRole(ScrapeCredentials.ROLE, "ADMIN")
                        .pathMatchers("/actuator", "/actuator/**").hasRole("ADMIN")
                        // The OpenAPI document (springdoc) and Swagger UI (platform.web.SwaggerUi) are for admins.
                        .pathMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
                                "/webjars/swagger-ui/**").hasRole("ADMIN")
                        // The wallboard shows the whole workspace: not for agents (REST and WebSocket handshake alike).
                        .pathMatchers("/api/v1/wallboard", "/ws/wallboard").hasAnyRole("SUPERVISOR", "MANAGER", "ADMIN")
                        .pathMatchers("/api/**", "/ws/**").authenticated()
                        .anyExchange().permitAll())
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((exchange, e) -> ProblemResponses.write(exchange, HttpStatus.UNAUTHORIZED,
                                "Authentication required", "Log in at POST /api/v1/auth/login and send the token as a bearer token or cookie."))
                        .accessDeniedHandler((exchange, e) -> ProblemResponses.write(exchange, HttpStatus.FORBIDDEN,
                                "Forbidden", "Your role does not allow this.")))
                .build();
    }
}

package io.firstline.platform.security;

import java.util.List;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Stateless sessions: the security context comes from a bearer token or the session cookie (or, for the metrics
 * scrape only, the scraper's Basic credential). One look-up per request (however many readers the context has) checks
 * that the token's agent still belongs to the workspace the token names.
 */
class TokenSecurityContextRepository implements ServerSecurityContextRepository {

    private final TokenService tokens;
    private final String cookieName;
    private final ScrapeCredentials scrape;
    private final TokenHolders holders;

    TokenSecurityContextRepository(TokenService tokens, String cookieName, ScrapeCredentials scrape, TokenHolders holders) {
        this.tokens = tokens;
        this.holders = holders;
        this.cookieName = cookieName;
        this.scrape = scrape;
    }

    @Override
    public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
        return Mono.empty();
    }

    @Override
    public Mono<SecurityContext> load(ServerWebExchange exchange) {
        SecurityContext scraper = scrape.scraper(exchange);
        if (scraper != null) {
            return Mono.just(scraper);
        }
        String token = bearer(exchange);
        if (token == null) {
            HttpCookie cookie = exchange.getRequest().getCookies().getFirst(cookieName);
            token = cookie == null ? null : cookie.getValue();
        }
        if (token == null || token.isBlank()) {
            return Mono.empty();
        }
        // Cached: Spring Security puts this Mono into the request's context and every reader of the context
        // (the authorization filter, the argument resolver of a controller's principal, ...) subscribes to it again;
        // uncached, each of them re-ran the workspace look-up (about 2.2 per accept on the offer benchmark).
        return Mono.justOrEmpty(tokens.verify(token))
                .filterWhen(agent -> holders.workspaceOf(agent.agentId())
                        .map(stored -> stored == agent.workspaceId())
                        .defaultIfEmpty(false))
                .map(TokenSecurityContextRepository::context)
                .cache();
    }

    private static String bearer(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return null;
    }

    private static SecurityContext context(AgentPrincipal agent) {
        var authority = new SimpleGrantedAuthority("ROLE_" + agent.role().toUpperCase(java.util.Locale.ROOT));
        return new SecurityContextImpl(new UsernamePasswordAuthenticationToken(agent, null, List.of(authority)));
    }
}

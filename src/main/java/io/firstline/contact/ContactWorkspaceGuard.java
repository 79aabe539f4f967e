package io.firstline.contact;

import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.ProblemResponses;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * A contact of another workspace does not exist for the caller: every {@code /api/v1/contacts/{id}/...} request
 * (reading, replying, notes, analysis, attachments, history, transfer, resolve, follow-up, legal hold...) is
 * {@code 404} when the contact belongs to a workspace other than the caller's, before any controller sees it. One
 * look-up by primary key; an unknown id goes on to the controller's own 404. Runs after the security chain (lowest
 * precedence), so the caller is known.
 */
@Component
class ContactWorkspaceGuard implements WebFilter, Ordered {

    private static final PathPattern CONTACT = PathPatternParser.defaultInstance.parse("/api/v1/contacts/{id}/**");

    private final DatabaseClient db;

    ContactWorkspaceGuard(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var match = CONTACT.matchAndExtract(exchange.getRequest().getPath().pathWithinApplication());
        if (match == null) {
            return chain.filter(exchange);
        }
        long contactId;
        try {
            contactId = Long.parseLong(match.getUriVariables().get("id"));
        } catch (NumberFormatException notAnId) {
            return chain.filter(exchange);
        }
        return CurrentAgent.get()
                .flatMap(agent -> db.sql("SELECT workspace_id FROM contact WHERE id = :id").bind("id", contactId)
                        .map(row -> row.get("workspace_id", Long.class))
                        .one()
                        .map(workspace -> workspace == agent.workspaceId()))
                .defaultIfEmpty(true)
                .flatMap(ours -> ours ? chain.filter(exchange)
                        : ProblemResponses.write(exchange, HttpStatus.NOT_FOUND, "Not Found", "contact " + contactId + " does not exist"));
    }
}

package io.firstline.platform.web;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * The answer to a failure no controller turned into a problem itself, before Spring Boot's default handler would
 * make it a 500: a transient one (the database unreachable, a timeout, an exhausted pool, a serialization failure)
 * is {@code 503} problem+json with {@code Retry-After}; a permanent one is {@code 400} problem+json saying so (text
 * PostgreSQL cannot store, any other data exception), or {@code 409} when a constraint refuses the data. Anything else goes on to the default handling.
 */
@Component
@Order(-2)
class FailureResponses implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(FailureResponses.class);

    private final Duration retryAfter;

    FailureResponses(@Value("${firstline.db.retry-after:2s}") Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (error instanceof ErrorResponseException || exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        return switch (Failures.classify(error)) {
            case TRANSIENT -> {
                log.warn("{} {} answered 503: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                        error.toString());
                exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER,
                        Long.toString(Math.max(1, retryAfter.toSeconds())));
                yield ProblemResponses.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable",
                        "the database is not available at the moment; retry later");
            }
            case PERMANENT -> {
                String state = Failures.sqlState(error);
                // A constraint the data breaks is a conflict with what is stored; anything else was bad input.
                yield state != null && state.startsWith("23")
                        ? ProblemResponses.write(exchange, HttpStatus.CONFLICT, "Conflict", Failures.permanentDetail(error, "the request"))
                        : ProblemResponses.write(exchange, HttpStatus.BAD_REQUEST, "Bad Request", Failures.permanentDetail(error, "the request"));
            }
            case UNKNOWN -> Mono.error(error);
        };
    }
}

package io.firstline.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.context.SecurityContext;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** What a request's token is worth: checked against the agent's stored workspace once per request. */
class TokenSecurityContextRepositoryTest {

    private static final AgentPrincipal AGENT = new AgentPrincipal(7, 1, "amy", "agent");

    private final TokenService tokens = new TokenService(
            new SecurityProperties("U+gh6cpTKw5eo3e1kYH7dhYZFo47neFpe4Tp2kCZjws=", Duration.ofHours(1), "firstline_session",
                    false, List.of()), Clock.systemUTC());
    private final AtomicInteger lookups = new AtomicInteger();

    private TokenSecurityContextRepository repository(long storedWorkspace) {
        TokenHolders holders = agentId -> Mono.fromSupplier(() -> {
            lookups.incrementAndGet();
            return storedWorkspace;
        });
        return new TokenSecurityContextRepository(tokens, "firstline_session",
                new ScrapeCredentials(new ScrapeProperties("", "")), holders);
    }

    private MockServerWebExchange requestWith(String token) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/contacts")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token));
    }

    @Test
    void everyReaderOfOneRequestsContextSharesOneWorkspaceCheck() {
        Mono<SecurityContext> context = repository(1).load(requestWith(tokens.issue(AGENT).token()));

        // The authorization filter, the controller's principal and a WebSocket handler each read the context.
        for (int reader = 0; reader < 3; reader++) {
            StepVerifier.create(context)
                    .assertNext(read -> assertThat(read.getAuthentication().getPrincipal()).isEqualTo(AGENT))
                    .verifyComplete();
        }
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aTokenWhoseAgentMovedToAnotherWorkspaceIsWorthNothing() {
        Mono<SecurityContext> context = repository(2).load(requestWith(tokens.issue(AGENT).token()));

        StepVerifier.create(context).verifyComplete();
        StepVerifier.create(context).verifyComplete();
        assertThat(lookups).hasValue(1);
    }

    @Test
    void eachRequestIsCheckedAfresh() {
        TokenSecurityContextRepository repository = repository(1);
        String token = tokens.issue(AGENT).token();

        StepVerifier.create(repository.load(requestWith(token))).expectNextCount(1).verifyComplete();
        StepVerifier.create(repository.load(requestWith(token))).expectNextCount(1).verifyComplete();
        assertThat(lookups).hasValue(2);
    }
}

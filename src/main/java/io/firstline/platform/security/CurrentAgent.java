package io.firstline.platform.security;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import reactor.core.publisher.Mono;

/** The agent behind the current request. */
public final class CurrentAgent {

    private CurrentAgent() {
    }

    public static Mono<AgentPrincipal> get() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(context -> context.getAuthentication())
                .map(authentication -> (AgentPrincipal) authentication.getPrincipal());
    }
}

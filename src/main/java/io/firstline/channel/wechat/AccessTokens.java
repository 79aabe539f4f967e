package io.firstline.channel.wechat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * One account's API access token, cached until shortly before it expires. Concurrent callers
 * share one in-flight fetch; {@link #invalidate} forces the next caller to fetch a new one
 * (WeChat errcode 40001 / 42001), and callers that failed with the same token share that fetch too.
 */
final class AccessTokens {

    /** A token and when to stop using it. */
    static final class Token {
        final String value;
        final Instant refreshAt;
        volatile boolean invalid;

        Token(String value, Instant refreshAt) {
            this.value = value;
            this.refreshAt = refreshAt;
        }
    }

    private final Mono<Token> cached;

    AccessTokens(Mono<Token> fetch, Clock clock) {
        // Errors are not cached: the next caller fetches again.
        this.cached = fetch.cacheInvalidateIf(token -> token.invalid || !clock.instant().isBefore(token.refreshAt));
    }

    Mono<Token> current() {
        return cached;
    }

    void invalidate(Token token) {
        token.invalid = true;
    }

    static Instant refreshAt(Instant now, long expiresInSeconds, Duration margin) {
        Duration lifetime = Duration.ofSeconds(Math.max(0, expiresInSeconds));
        Duration usable = lifetime.compareTo(margin.multipliedBy(2)) > 0 ? lifetime.minus(margin) : lifetime.dividedBy(2);
        return now.plus(usable);
    }
}

package io.firstline.agent;

import io.firstline.kernel.StorableText;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import io.firstline.platform.WorkspaceDirectory;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.security.IssuedToken;
import io.firstline.platform.security.SecurityProperties;
import io.firstline.platform.security.TokenService;
import io.firstline.platform.web.Problems;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** Login: a token in the body for API clients, the same token in an HttpOnly cookie for browsers. */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    /** @param workspace the workspace's code; without it the node's default workspace ({@code firstline.workspace.code}) */
    record LoginRequest(String username, String password, String workspace) {
    }

    record LoginResponse(String token, Instant expiresAt, AgentView agent) {
    }

    /** bcrypt of a random string nobody knows (cost 10, like real hashes). */
    private static final String UNKNOWN_USER_HASH = "$2a$10$c7cXmRUW1lPmE8.vdOecWeeLj35bcuvzk1ecKSsWwKOxDMY.AEiHX";

    private final Agents agents;
    private final PasswordEncoder passwords;
    private final TokenService tokens;
    private final SecurityProperties properties;
    private final Scheduler passwordChecks;
    private final LoginGuard guard;
    private final WorkspaceDirectory workspaces;

    AuthController(Agents agents, PasswordEncoder passwords, TokenService tokens, SecurityProperties properties,
                   @Qualifier("passwordChecks") Scheduler passwordChecks, LoginGuard guard, WorkspaceDirectory workspaces) {
        this.guard = guard;
        this.workspaces = workspaces;
        this.passwordChecks = passwordChecks;
        this.agents = agents;
        this.passwords = passwords;
        this.tokens = tokens;
        this.properties = properties;
    }

    @PostMapping("/login")
    Mono<LoginResponse> login(@RequestBody LoginRequest request, ServerHttpRequest httpRequest, ServerHttpResponse response) {
        if (request == null || blank(request.username()) || blank(request.password())) {
            return Mono.error(Problems.badRequest("username and password are required"));
        }
        var unstorable = StorableText.problem("username", request.username())
                .or(() -> StorableText.problem("password", request.password()))
                .or(() -> request.workspace() == null ? Optional.empty() : StorableText.problem("workspace", request.workspace()));
        if (unstorable.isPresent()) {
            return Mono.error(Problems.badRequest(unstorable.get()));
        }
        String address = httpRequest.getRemoteAddress() == null || httpRequest.getRemoteAddress().getAddress() == null
                ? null : httpRequest.getRemoteAddress().getAddress().getHostAddress();
        // An unknown workspace code is answered like an unknown username (same check, same 401): nobody learns which
        // workspaces exist. Its attempts are counted under NO_WORKSPACE.
        Mono<Long> workspace = blank(request.workspace()) ? workspaces.id()
                : workspaces.idOf(request.workspace().trim()).defaultIfEmpty(NO_WORKSPACE);
        return workspace.flatMap(workspaceId -> login(workspaceId, request, address, response));
    }

    /** No workspace has this id: the key of logins to an unknown workspace code. */
    private static final long NO_WORKSPACE = 0;

    private Mono<LoginResponse> login(long workspaceId, LoginRequest request, String address, ServerHttpResponse response) {
        Optional<Duration> locked = guard.retryAfter(workspaceId, request.username(), address);
        if (locked.isPresent()) {
            return Mono.error(tooManyFailures(locked.get()));
        }
        Mono<AgentAccount> account = workspaceId == NO_WORKSPACE ? Mono.empty() : agents.byUsername(workspaceId, request.username());
        return account
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                // bcrypt is deliberately slow CPU work: a small bounded pool of its own, never the event loop.
                // Unknown users are checked against a dummy hash so timing does not reveal who exists.
                .flatMap(found -> Mono.fromCallable(() -> passwords.matches(request.password(),
                                found.map(AgentAccount::passwordHash).orElse(UNKNOWN_USER_HASH)) && found.isPresent())
                        .subscribeOn(passwordChecks)
                        .flatMap(valid -> valid ? Mono.just(found.get())
                                : guard.failed(workspaceId, request.username(), address)
                                        .then(Mono.error(Problems.of(HttpStatus.UNAUTHORIZED, "wrong username or password")))))
                // Locked by other attempts while this one was checked: refused too, so a burst cannot learn a password.
                .flatMap(agent -> guard.retryAfter(workspaceId, request.username(), address)
                        .<Mono<AgentAccount>>map(wait -> Mono.error(tooManyFailures(wait)))
                        .orElseGet(() -> Mono.just(agent)))
                .doOnNext(agent -> guard.succeeded(workspaceId, request.username()))
                .map(agent -> {
                    IssuedToken token = tokens.issue(new AgentPrincipal(agent.id(), agent.workspaceId(), agent.username(), agent.role()));
                    response.addCookie(ResponseCookie.from(properties.cookieName(), token.token())
                            .httpOnly(true)
                            .secure(properties.cookieSecure())
                            .sameSite("Strict")
                            .path("/")
                            .maxAge(properties.tokenTtl())
                            .build());
                    return new LoginResponse(token.token(), token.expiresAt(), agent.view());
                });
    }

    private static ErrorResponseException tooManyFailures(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        ErrorResponseException refused = Problems.of(HttpStatus.TOO_MANY_REQUESTS,
                "too many failed logins for this username or from this address; retry in " + seconds + " s");
        refused.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return refused;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

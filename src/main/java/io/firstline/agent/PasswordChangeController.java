package io.firstline.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.firstline.kernel.StorableText;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Replacing one's own password, so the one-time password an admin handed over stops working once its owner chose
 * their own. The current password is checked like a login (bcrypt on the bounded pool, a wrong one counted by the
 * login throttle).
 */
@RestController
class PasswordChangeController {

    record PasswordChange(String currentPassword, String newPassword) {
    }

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 72; // bcrypt reads at most 72 bytes

    private final Agents agents;
    private final PasswordEncoder passwords;
    private final Scheduler passwordChecks;
    private final LoginGuard guard;

    PasswordChangeController(Agents agents, PasswordEncoder passwords, @Qualifier("passwordChecks") Scheduler passwordChecks,
                             LoginGuard guard) {
        this.agents = agents;
        this.passwords = passwords;
        this.passwordChecks = passwordChecks;
        this.guard = guard;
    }

    @PostMapping("/api/v1/agents/me/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> change(@RequestBody(required = false) PasswordChange request, ServerHttpRequest httpRequest) {
        List<String> problems = problems(request);
        if (!problems.isEmpty()) {
            return Mono.error(Problems.badRequest(String.join("; ", problems)));
        }
        String address = httpRequest.getRemoteAddress() == null || httpRequest.getRemoteAddress().getAddress() == null
                ? null : httpRequest.getRemoteAddress().getAddress().getHostAddress();
        return CurrentAgent.get().flatMap(me -> {
            if (guard.retryAfter(me.workspaceId(), me.username(), address).isPresent()) {
                return Mono.error(Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too many wrong passwords; retry later"));
            }
            return agents.byId(me.agentId())
                    .flatMap(account -> Mono.fromCallable(() -> passwords.matches(request.currentPassword(), account.passwordHash())
                                    ? Optional.of(passwords.encode(request.newPassword())) : Optional.<String>empty())
                            .subscribeOn(passwordChecks))
                    .flatMap(hash -> hash.isPresent() ? agents.savePasswordHash(me.agentId(), hash.get())
                            : wrong(me, address));
        });
    }

    private Mono<Void> wrong(AgentPrincipal me, String address) {
        return guard.failed(me.workspaceId(), me.username(), address)
                .then(Mono.error(Problems.forbidden("currentPassword is not your password")));
    }

    private static List<String> problems(PasswordChange request) {
        List<String> problems = new ArrayList<>();
        if (request == null || request.currentPassword() == null || request.currentPassword().isEmpty()) {
            problems.add("currentPassword is required");
        }
        String next = request == null ? null : request.newPassword();
        if (next == null || next.length() < MIN_LENGTH || next.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_LENGTH) {
            problems.add("newPassword is required: at least " + MIN_LENGTH + " characters, at most " + MAX_LENGTH + " bytes");
        } else {
            StorableText.problem("newPassword", next).ifPresent(problems::add);
            if (next.equals(request.currentPassword())) {
                problems.add("newPassword must differ from currentPassword");
            }
        }
        return problems;
    }
}

package io.firstline.intake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import io.firstline.kernel.Channel;
import io.firstline.kernel.StorableText;
import io.firstline.platform.WorkspaceDirectory;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.web.Problems;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Channel accounts per workspace (admins): {@code PUT /api/v1/channel-accounts/{channel}/{account}}
 * {@code {"workspace": "<code>"}} sends that account's messages to the workspace from now on; contacts already
 * opened stay where they are; each change is recorded in {@code admin_change}. {@code GET /api/v1/channel-accounts}
 * lists the attached accounts.
 */
@RestController
class ChannelAccountController {

    record AttachRequest(String workspace) {
    }

    static final int MAX_ACCOUNT = 200;
    private static final String CHANNELS = Arrays.stream(Channel.values()).map(Channel::wireName)
            .collect(Collectors.joining(", "));

    private final ChannelAccounts accounts;
    private final WorkspaceDirectory workspaces;

    ChannelAccountController(ChannelAccounts accounts, WorkspaceDirectory workspaces) {
        this.accounts = accounts;
        this.workspaces = workspaces;
    }

    @GetMapping("/api/v1/channel-accounts")
    Flux<ChannelAccounts.Attached> list() {
        return admin().thenMany(accounts.all());
    }

    @PutMapping("/api/v1/channel-accounts/{channel}/{account}")
    Mono<ChannelAccounts.Attached> attach(@PathVariable String channel, @PathVariable String account,
                                          @RequestBody(required = false) AttachRequest request) {
        return admin().flatMap(admin -> {
            List<String> problems = new ArrayList<>();
            Channel parsed = Channel.fromWireName(channel).orElse(null);
            if (parsed == null) {
                problems.add("channel must be one of: " + CHANNELS);
            }
            if (account.isBlank() || account.length() > MAX_ACCOUNT) {
                problems.add("account must be 1 to " + MAX_ACCOUNT + " characters");
            }
            StorableText.problem("account", account).ifPresent(problems::add);
            if (request == null || request.workspace() == null || request.workspace().isBlank()) {
                problems.add("a body {\"workspace\": \"<code>\"} is required");
            }
            if (!problems.isEmpty()) {
                return Mono.error(Problems.badRequest(String.join("; ", problems)));
            }
            String code = request.workspace().strip();
            return accounts.workspaceId(code)
                    .switchIfEmpty(Mono.error(() -> Problems.badRequest("workspace '" + code + "' does not exist")))
                    .flatMap(workspaceId -> accounts.attach(parsed, account, workspaceId, admin.agentId(), code));
        });
    }

    /**
     * Platform admins only: an account decides which workspace its customers' messages open contacts in, so an admin
     * of one workspace must not move another workspace's account (and its customers) to theirs.
     */
    private Mono<AgentPrincipal> admin() {
        return workspaces.platformAdmin("attach channel accounts to workspaces");
    }
}

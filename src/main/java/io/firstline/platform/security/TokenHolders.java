package io.firstline.platform.security;

import reactor.core.publisher.Mono;

/**
 * Where a token's agent belongs now: a token is honoured only while its workspace claim is the agent's stored
 * workspace, so the token of a user who was deleted or moved to another workspace, or one whose claim was forged,
 * gets 401. Implemented by the agent module, which owns the accounts.
 */
public interface TokenHolders {

    /** The agent's stored workspace, or empty when there is no such agent. */
    Mono<Long> workspaceOf(long agentId);
}

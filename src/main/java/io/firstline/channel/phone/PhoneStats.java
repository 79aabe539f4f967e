package io.firstline.channel.phone;

import java.time.Instant;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Phone service level and abandon rate over a period (calls that started in [from, to)), computed exactly
 * from the stored call instants with the configured threshold (default 20 s) and short-abandon limit (5 s).
 * See {@link PhoneStatsFigures} for the definitions.
 */
@Service
class PhoneStats {

    private final PhoneCalls calls;
    private final PhoneProperties properties;
    private final io.firstline.platform.WorkspaceDirectory workspaces;

    PhoneStats(PhoneCalls calls, PhoneProperties properties, io.firstline.platform.WorkspaceDirectory workspaces) {
        this.calls = calls;
        this.properties = properties;
        this.workspaces = workspaces;
    }

    /** The figures of one workspace's calls: another workspace's lines never count. */
    public Mono<PhoneStatsFigures> between(long workspaceId, Instant from, Instant to) {
        return workspaces.id().flatMap(defaultWorkspace -> calls.startedBetween(workspaceId, defaultWorkspace, from, to))
                .map(list -> PhoneStatsFigures.of(list, properties.serviceLevelThreshold(), properties.shortAbandon()));
    }
}

package io.firstline.routing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.net.URI;
import java.util.regex.Pattern;
import io.firstline.kernel.Channel;
import io.firstline.platform.WorkspaceDirectory;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Queue administration: {@code GET /api/v1/queues} (supervisors, managers, admins), {@code POST /api/v1/queues}
 * (admins) to create a queue and {@code PUT /api/v1/queues/{code}} (admins) to create or change one: name, skill,
 * priority and capacity override. A queue keeps its channel. New contacts of a channel join its intake queue (the
 * channel's oldest) with the queue's skill, priority and capacity from the next intake batch on; contacts already
 * waiting keep theirs.
 */
@RestController
class QueueController {

    /** {@code capacity}: null (or absent) for the channel's capacity; taken as any JSON value so a wrong type is named. */
    record QueueRequest(String name, String channel, String skill, Integer priority, Object capacity) {
    }

    record NewQueueRequest(String code, String name, String channel, String skill, Integer priority, Object capacity) {

        QueueRequest settings() {
            return new QueueRequest(name, channel, skill, priority, capacity);
        }
    }

    static final Pattern CODE = Pattern.compile("[a-z0-9_]{1,40}");
    static final Pattern SKILL = Pattern.compile("[a-z0-9_:-]{1,40}");
    static final int MAX_NAME = 100;

    private final QueueAdministration queues;
    private final WorkspaceDirectory workspace;
    private final Clock clock;
    private final RoutingSettings settings;

    QueueController(QueueAdministration queues, WorkspaceDirectory workspace, Clock clock, RoutingProperties routing) {
        this.queues = queues;
        this.workspace = workspace;
        this.clock = clock;
        this.settings = routing.settings();
    }

    @GetMapping("/api/v1/queues")
    Flux<QueueAdministration.QueueView> list() {
        return CurrentAgent.get()
                .flatMap(agent -> "agent".equals(agent.role())
                        ? Mono.error(Problems.forbidden("queue settings are for supervisors, managers and admins"))
                        : Mono.just(agent))
                .then(workspace.id())
                .flatMapMany(queues::all);
    }

    /** Creates a queue: 201 with its Location, 409 if the workspace has a queue of that code already. */
    @PostMapping("/api/v1/queues")
    Mono<ResponseEntity<QueueAdministration.QueueView>> create(@RequestBody(required = false) NewQueueRequest request) {
        String code = request == null || request.code() == null ? "" : request.code();
        return admin().flatMap(admin -> workspace.id().flatMap(ws -> {
            List<String> problems = problems(code, request == null ? null : request.settings(), null);
            if (!problems.isEmpty()) {
                return Mono.error(Problems.badRequest(String.join("; ", problems)));
            }
            QueueAdministration.QueueChange change = change(request.settings());
            return queues.create(ws, code, change, admin.agentId(), created(change), clock.instant())
                    .switchIfEmpty(Mono.error(() -> Problems.conflict("queue " + code + " exists already")))
                    .map(queue -> ResponseEntity.created(URI.create("/api/v1/queues/" + code)).body(queue));
        }));
    }

    @PutMapping("/api/v1/queues/{code}")
    Mono<QueueAdministration.QueueView> write(@PathVariable String code, @RequestBody(required = false) QueueRequest request) {
        return admin().flatMap(admin -> workspace.id().flatMap(ws -> queues.byCode(ws, code)
                .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(existing -> {
                    List<String> problems = problems(code, request, existing.orElse(null));
                    if (!problems.isEmpty()) {
                        return Mono.error(Problems.badRequest(String.join("; ", problems)));
                    }
                    QueueAdministration.QueueChange change = change(request);
                    String detail = existing.map(before -> "changed: name " + before.name() + " -> " + change.name()
                                    + ", skill " + before.skill() + " -> " + change.skill()
                                    + ", priority " + before.priority() + " -> " + change.priority()
                                    + ", capacity " + capacity(before.capacity()) + " -> " + capacity(change.capacity()))
                            .orElse(created(change));
                    return queues.save(ws, code, change, admin.agentId(), detail, clock.instant());
                })));
    }

    private static QueueAdministration.QueueChange change(QueueRequest request) {
        return new QueueAdministration.QueueChange(request.name().strip(), Channel.fromWireName(request.channel()).orElseThrow(),
                request.skill(), request.priority() == null ? 0 : request.priority(), (Integer) request.capacity());
    }

    private static String created(QueueAdministration.QueueChange change) {
        return "created: name " + change.name() + ", channel " + change.channel().wireName() + ", skill " + change.skill()
                + ", priority " + change.priority() + ", capacity " + capacity(change.capacity());
    }

    private static String capacity(Integer capacity) {
        return capacity == null ? "channel's" : capacity.toString();
    }

    /** Everything wrong with the request, in one answer. */
    private List<String> problems(String code, QueueRequest request, QueueAdministration.QueueView existing) {
        List<String> problems = new ArrayList<>();
        if (!CODE.matcher(code).matches()) {
            problems.add("code must be 1-40 of a-z, 0-9 and _");
        }
        if (request == null) {
            problems.add("a body with name, channel, skill and priority is required");
            return problems;
        }
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            problems.add("name is required, at most " + MAX_NAME + " characters");
        }
        if (request.channel() == null || Channel.fromWireName(request.channel()).isEmpty()) {
            problems.add("channel must be one of " + java.util.Arrays.stream(Channel.values()).map(Channel::wireName).toList());
        } else if (existing != null && !existing.channel().equals(request.channel())) {
            problems.add("queue " + code + " is a " + existing.channel() + " queue: a queue keeps its channel");
        }
        if (request.skill() == null || !SKILL.matcher(request.skill()).matches()) {
            problems.add("skill must be 1-40 of a-z, 0-9, _, : and -");
        }
        if (request.priority() != null && (request.priority() < 0 || request.priority() > 9)) {
            problems.add("priority must be 0 (lowest) to 9 (highest), not " + request.priority());
        }
        Optional<Channel> channel = Optional.ofNullable(request.channel()).flatMap(Channel::fromWireName);
        Object capacity = request.capacity();
        if (capacity != null) {
            String allowed = channel.map(c -> "1 to " + settings.capacity(c) + " (the " + c.wireName() + " capacity)")
                    .orElse("1 to the channel's capacity");
            if (capacity instanceof Long || capacity instanceof java.math.BigInteger) {
                problems.add("capacity must be " + allowed + ", not " + capacity);
            } else if (!(capacity instanceof Integer number)) {
                problems.add("capacity must be a whole number from " + allowed + ", or null for the channel's capacity, not "
                        + (capacity instanceof String text ? "\"" + text + "\"" : capacity));
            } else if (number < 1 || channel.map(c -> number > settings.capacity(c)).orElse(false)) {
                problems.add("capacity must be " + allowed + ", not " + number);
            }
        }
        return problems;
    }

    private static Mono<AgentPrincipal> admin() {
        return CurrentAgent.get().flatMap(agent -> "admin".equals(agent.role()) ? Mono.just(agent)
                : Mono.error(Problems.forbidden("only admins change queues")));
    }
}

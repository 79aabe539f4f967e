package io.firstline.transfer;

import java.time.Clock;
import java.time.Instant;
import java.util.TreeMap;
import io.firstline.kernel.Channel;
import io.firstline.contact.Contact;
import io.firstline.contact.ContactService;
import io.firstline.contact.ContactView;
import io.firstline.contact.DeadlineView;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import io.firstline.report.analysis.AnalysisCodes;
import io.firstline.routing.RoutingEngine;
import io.firstline.routing.WaitingContact;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * POST /api/v1/contacts/{id}/transfer by the assignee: {@code {"queue": "<code>"}} puts the contact back
 * to wait in that queue for any agent with its skill; {@code {"agent": "<username>"}} hands it straight
 * to that agent, whose console gets {@code contact.assigned}. Either way the first responder stays.
 */
@RestController
class TransferController {

    /** {@code department}: its queue (a department's code, issue 11), as if that queue were given. */
    record TransferRequest(String queue, String agent, String department) {
    }

    private final ContactService contacts;
    private final TransferTargets targets;
    private final RoutingEngine routing;
    private final Clock clock;
    private final AnalysisCodes codes;

    TransferController(ContactService contacts, TransferTargets targets, RoutingEngine routing, Clock clock,
                       AnalysisCodes codes) {
        this.codes = codes;
        this.contacts = contacts;
        this.targets = targets;
        this.routing = routing;
        this.clock = clock;
    }

    @PostMapping("/api/v1/contacts/{id}/transfer")
    Mono<ContactView> transfer(@PathVariable long id, @RequestBody TransferRequest request) {
        if (request != null && request.department() != null && !request.department().isBlank()) {
            if (request.queue() != null || request.agent() != null) {
                return Mono.error(Problems.badRequest("give one of queue, agent or department"));
            }
            return CurrentAgent.get().flatMap(agent -> codes.queueOf(agent.workspaceId(), request.department()))
                    .switchIfEmpty(Mono.error(() -> Problems.badRequest("department " + request.department()
                            + " is not an active department with a queue")))
                    .flatMap(queue -> transfer(id, new TransferRequest(queue, null, null)));
        }
        boolean toQueue = request != null && request.queue() != null && !request.queue().isBlank();
        boolean toAgent = request != null && request.agent() != null && !request.agent().isBlank();
        if (toQueue == toAgent) {
            return Mono.error(Problems.badRequest("give either queue (a queue code) or agent (a username)"));
        }
        return CurrentAgent.get().flatMap(agent -> {
            // Queue codes and usernames are unique only within a workspace: look them up in the caller's.
            Mono<TransferTargets.Target> target = toQueue
                    ? targets.queue(agent.workspaceId(), request.queue())
                            .switchIfEmpty(Mono.error(() -> Problems.notFound("queue " + request.queue() + " does not exist")))
                    : targets.agent(agent.workspaceId(), request.agent())
                            .switchIfEmpty(Mono.error(() -> Problems.notFound("agent " + request.agent() + " does not exist")));
            return target.flatMap(to -> move(id, agent, to, toQueue));
        });
    }

    private Mono<ContactView> move(long id, AgentPrincipal agent, TransferTargets.Target to, boolean toQueue) {
        Instant now = clock.instant();
        // The answer shows the contact as the transfer left it, before routing offers it again.
        return contacts.transfer(id, agent.agentId(), agent.username(), new ContactService.TransferTarget(toQueue, to.id(), to.name()))
                .flatMap(moved -> routing.release(agent.agentId(), moved.contact().channel())
                        .then(toQueue ? requeue(agent.agentId(), moved.contact(), moved.view(), to, now)
                                : routing.restoreAssignment(to.id(), moved.contact().channel()))
                        .thenReturn(moved.view()))
                .doOnNext(view -> {
                    if (!toQueue) {
                        contacts.announceAssigned(to.id(), view);
                    }
                });
    }

    /** Waits in the new queue for anyone with its skill (the agent who passed it on is not preferred). */
    private Mono<Void> requeue(long byAgentId, Contact moved, ContactView view, TransferTargets.Target queue, Instant now) {
        // The contact stays in the workspace of the agent who passes it on (an agent only holds their workspace's contacts).
        return routing.workspaceOfAgent(byAgentId).flatMap(workspaceId -> {
            TreeMap<String, Instant> deadlines = new TreeMap<>();
            for (DeadlineView deadline : view.deadlines()) {
                if (deadline.breachedAt() == null) {
                    deadlines.put(deadline.name(), deadline.dueAt());
                }
            }
            String lastText = view.messages().stream().filter(m -> "inbound".equals(m.direction()))
                    .reduce((first, second) -> second).map(ContactView.MessageView::text).orElse("");
            Channel channel = moved.channel();
            return routing.enqueue(new WaitingContact(workspaceId, moved.id(), channel, queue.skill(), view.priority(), now, null,
                    view.customer().name(), lastText, deadlines, queue.capacity()));
        });
    }
}

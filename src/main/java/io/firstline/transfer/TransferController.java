package io.firstline.transfer;

import java.time.Clock;
import java.time.Instant;
import java.util.TreeMap;
import io.firstline.console.ConsoleHub;
import io.firstline.kernel.Channel;
import io.firstline.contact.Contact;
import io.firstline.contact.ContactEventKind;
import io.firstline.contact.ContactTransition;
import io.firstline.contact.ContactView;
import io.firstline.contact.Contacts;
import io.firstline.contact.DeadlineView;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import io.firstline.routing.RoutingEngine;
import io.firstline.routing.WaitingContact;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
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

    record TransferRequest(String queue, String agent) {
    }

    private record Target(long id, String name, String skill) {
    }

    private final Contacts contacts;
    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final RoutingEngine routing;
    private final ConsoleHub console;
    private final Clock clock;

    TransferController(Contacts contacts, DatabaseClient db, TransactionalOperator transaction, RoutingEngine routing,
                       ConsoleHub console, Clock clock) {
        this.contacts = contacts;
        this.db = db;
        this.transaction = transaction;
        this.routing = routing;
        this.console = console;
        this.clock = clock;
    }

    @PostMapping("/api/v1/contacts/{id}/transfer")
    Mono<ContactView> transfer(@PathVariable long id, @RequestBody TransferRequest request) {
        boolean toQueue = request != null && request.queue() != null && !request.queue().isBlank();
        boolean toAgent = request != null && request.agent() != null && !request.agent().isBlank();
        if (toQueue == toAgent) {
            return Mono.error(Problems.badRequest("give either queue (a queue code) or agent (a username)"));
        }
        Mono<Target> target = toQueue
                ? db.sql("SELECT id, name, skill FROM queue WHERE code = :code").bind("code", request.queue())
                        .map(row -> new Target(row.get("id", Long.class), row.get("name", String.class), row.get("skill", String.class)))
                        .one().switchIfEmpty(Mono.error(() -> Problems.notFound("queue " + request.queue() + " does not exist")))
                : db.sql("SELECT id, display_name FROM agent WHERE username = :username AND role = 'agent'")
                        .bind("username", request.agent())
                        .map(row -> new Target(row.get("id", Long.class), row.get("display_name", String.class), null))
                        .one().switchIfEmpty(Mono.error(() -> Problems.notFound("agent " + request.agent() + " does not exist")));
        return CurrentAgent.get().flatMap(agent -> target.flatMap(to -> move(id, agent, to, toQueue)));
    }

    private Mono<ContactView> move(long id, AgentPrincipal agent, Target to, boolean toQueue) {
        Instant now = clock.instant();
        Mono<Contact> work = contacts.lock(id)
                .switchIfEmpty(Mono.error(() -> Problems.notFound("contact " + id + " does not exist")))
                .flatMap(contact -> {
                    ContactTransition moved = toQueue ? contact.transferToQueue(to.id(), agent.agentId(), now)
                            : contact.transferToAgent(to.id(), agent.agentId(), now);
                    if (moved instanceof ContactTransition.Refused refused) {
                        return Mono.error(Problems.conflict(refused.reason()));
                    }
                    return contacts.update(moved.contact())
                            .then(contacts.record(id, ContactEventKind.TRANSFERRED, agent.username(),
                                    "to " + (toQueue ? "queue " : "agent ") + to.name(), now))
                            .thenReturn(moved.contact());
                });
        // The answer shows the contact as the transfer left it, before routing offers it again.
        return transaction.transactional(work)
                .flatMap(moved -> contacts.view(id).flatMap(view -> routing.release(agent.agentId(), moved.channel())
                        .then(toQueue ? requeue(moved, view, to, now) : routing.restoreAssignment(to.id(), moved.channel()))
                        .thenReturn(view)))
                .doOnNext(view -> {
                    if (!toQueue) {
                        console.publish(to.id(), "contact.assigned", view);
                    }
                });
    }

    /** Waits in the new queue for anyone with its skill (the agent who passed it on is not preferred). */
    private Mono<Void> requeue(Contact moved, ContactView view, Target queue, Instant now) {
        return Mono.defer(() -> {
            TreeMap<String, Instant> deadlines = new TreeMap<>();
            for (DeadlineView deadline : view.deadlines()) {
                if (deadline.breachedAt() == null) {
                    deadlines.put(deadline.name(), deadline.dueAt());
                }
            }
            String lastText = view.messages().stream().filter(m -> "inbound".equals(m.direction()))
                    .reduce((first, second) -> second).map(ContactView.MessageView::text).orElse("");
            Channel channel = moved.channel();
            return routing.enqueue(new WaitingContact(moved.id(), channel, queue.skill(), view.priority(), now, null,
                    view.customer().name(), lastText, deadlines));
        });
    }
}

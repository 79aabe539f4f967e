package io.firstline.supervision;

import java.time.Clock;
import java.time.Instant;
import io.firstline.contact.Contact;
import io.firstline.contact.ContactEventKind;
import io.firstline.contact.ContactService;
import io.firstline.contact.ContactView;
import io.firstline.contact.Contacts;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import io.firstline.sla.Classification;
import io.firstline.sla.ContactType;
import io.firstline.sla.ExtensionResult;
import io.firstline.sla.RepairClass;
import io.firstline.sla.Severity;
import io.firstline.sla.DeadlineCalculator;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Changing what a contact is (its classification recomputes its deadlines, recorded in its
 * history) and a supervisor's approved extension of a deadline (recorded with who and why).
 */
@RestController
@RequestMapping("/api/v1/contacts/{id}")
class ContactSupervisionController {

    record ClassificationRequest(String type, String severity, String repairClass) {
    }

    record ExtensionRequest(String reason) {
    }

    record MetRequest(String note) {
    }

    static final int MAX_NOTE = 1000;

    private final Contacts contacts;
    private final ContactService lifecycle;
    private final ContactDeadlines deadlines;
    private final Supervision supervision;
    private final SlaNotifier notifier;
    private final PolicyStore policies;
    private final TransactionalOperator transaction;
    private final Clock clock;

    ContactSupervisionController(Contacts contacts, ContactService lifecycle, ContactDeadlines deadlines, Supervision supervision,
                                 SlaNotifier notifier, PolicyStore policies,
                                 TransactionalOperator transaction, Clock clock) {
        this.contacts = contacts;
        this.lifecycle = lifecycle;
        this.deadlines = deadlines;
        this.supervision = supervision;
        this.notifier = notifier;
        this.policies = policies;
        this.transaction = transaction;
        this.clock = clock;
    }

    @PatchMapping("/classification")
    Mono<ContactView> reclassify(@PathVariable long id, @RequestBody ClassificationRequest request) {
        Classification wanted;
        try {
            wanted = parse(request);
        } catch (IllegalArgumentException e) {
            return Mono.error(Problems.badRequest(e.getMessage()));
        }
        Instant now = clock.instant();
        return CurrentAgent.get().flatMap(agent -> {
            Mono<Boolean> work = lifecycle.reclassify(id, agent.agentId(), agent.username(), agent.overseesWorkspace(),
                            wanted, now)
                    // Deadlines count from when the customer first reached us, not from the correction.
                    .flatMap(changed -> supervision.startDeadlines(agent.workspaceId(), id, wanted, changed.contact().channel(),
                                    changed.contact().openedAt())
                            .map(computed -> {
                                if (changed.contact().status().isOpen()) {
                                    supervision.watch(id, computed);
                                }
                                return changed.before().severity() != Severity.MAJOR && wanted.severity() == Severity.MAJOR;
                            }));
            return transaction.transactional(work)
                    .flatMap(becameMajor -> becameMajor ? notifier.escalateMajor(id) : Mono.empty())
                    .then(contacts.view(id));
        });
    }

    @PostMapping("/deadlines/{name}/extension")
    Mono<ContactView> extend(@PathVariable long id, @PathVariable String name, @RequestBody ExtensionRequest request) {
        if (request == null || request.reason() == null || request.reason().isBlank()) {
            return Mono.error(Problems.badRequest("reason is required: say why the deadline is extended"));
        }
        Instant now = clock.instant();
        return CurrentAgent.get().flatMap(agent -> {
            if (!agent.overseesWorkspace()) {
                return Mono.error(Problems.forbidden("only a supervisor may approve a deadline extension"));
            }
            Mono<Void> work = contacts.lock(id)
                    .switchIfEmpty(Mono.error(() -> Problems.notFound("contact " + id + " does not exist")))
                    .zipWith(contacts.classification(id))
                    .zipWith(supervision.calculatorOf(agent.workspaceId())) // counted in the contact's workspace's zone
                    .flatMap(withCalculator -> {
                        var pair = withCalculator.getT1();
                        DeadlineCalculator calculator = withCalculator.getT2();
                        Contact contact = pair.getT1();
                        Classification classification = pair.getT2();
                        var policy = policies.current().find(classification.type(), classification.severity(),
                                contact.channel(), classification.repairClass());
                        if (policy.isEmpty()) {
                            return Mono.error(Problems.conflict("contact " + id + " has no SLA policy"));
                        }
                        ExtensionResult result = calculator.extended(policy.get(), name, contact.openedAt());
                        if (result instanceof ExtensionResult.Refused refused) {
                            return Mono.error(Problems.conflict(refused.reason()));
                        }
                        var extended = ((ExtensionResult.Extended) result).deadline();
                        return deadlines.upsert(id, extended)
                                .then(record(id, name, extended.dueAt(), agent, request.reason(), now))
                                .then(lifecycle.history(id, ContactEventKind.DEADLINE_EXTENDED, agent.username(),
                                        name + " to " + extended.dueAt() + ": " + request.reason(), now));
                    });
            return transaction.transactional(work)
                    .then(deadlines.of(id))
                    .doOnNext(all -> supervision.watch(id, all))
                    .then(contacts.view(id));
        });
    }

    /**
     * A step done by hand ("investigation started"): the deadline is met now, with who and the note; its timers stop.
     * The assignee, the first responder or someone who oversees the workspace may; a deadline is met once.
     */
    @PostMapping("/deadlines/{name}/met")
    Mono<ContactView> met(@PathVariable long id, @PathVariable String name, @RequestBody(required = false) MetRequest request) {
        if (request == null || request.note() == null || request.note().isBlank() || request.note().length() > MAX_NOTE) {
            return Mono.error(Problems.badRequest("note is required (what was done, e.g. \"investigation started\"), at most "
                    + MAX_NOTE + " characters"));
        }
        String note = request.note().strip();
        Instant now = clock.instant();
        return CurrentAgent.get().flatMap(agent -> {
            Mono<Void> work = contacts.lock(id)
                    .switchIfEmpty(Mono.error(() -> Problems.notFound("contact " + id + " does not exist")))
                    .flatMap(contact -> {
                        boolean involved = contact.assigneeId().filter(a -> a == agent.agentId()).isPresent()
                                || contact.firstResponderId().filter(a -> a == agent.agentId()).isPresent();
                        if (!involved && !agent.overseesWorkspace()) {
                            return Mono.error(Problems.forbidden("contact " + id + " is not one of yours"));
                        }
                        return deadlines.of(id);
                    })
                    .flatMap(all -> {
                        var deadline = all.stream().filter(d -> d.name().equals(name)).findFirst();
                        if (deadline.isEmpty()) {
                            return Mono.error(Problems.notFound("contact " + id + " has no deadline '" + name + "'"));
                        }
                        if (deadline.get().met()) {
                            return Mono.error(Problems.conflict("deadline '" + name + "' was met already at "
                                    + deadline.get().metAt() + " by " + deadline.get().metBy()));
                        }
                        return supervision.meetByHand(id, name, agent.username(), note, now)
                                .then(lifecycle.history(id, ContactEventKind.DEADLINE_MET, agent.username(),
                                        name + ": " + note, now));
                    });
            return transaction.transactional(work)
                    .then(Mono.fromRunnable(() -> supervision.stopTimers(id, java.util.List.of(name))))
                    .then(contacts.view(id));
        });
    }

    private Mono<Void> record(long id, String name, Instant dueAt, AgentPrincipal agent, String reason, Instant now) {
        return deadlines.recordExtension(id, name, dueAt, agent.agentId(), reason, now);
    }

    private static Classification parse(ClassificationRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("a body with type and severity is required");
        }
        ContactType type = ContactType.fromWireName(request.type()).orElseThrow(() -> new IllegalArgumentException(
                "type must be one of inquiry, suggestion, complaint, repair, service_request"));
        Severity severity = Severity.fromWireName(request.severity() == null ? "normal" : request.severity())
                .orElseThrow(() -> new IllegalArgumentException("severity must be normal or major"));
        RepairClass repairClass = null;
        if (request.repairClass() != null) {
            repairClass = RepairClass.fromWireName(request.repairClass()).orElseThrow(() ->
                    new IllegalArgumentException("repairClass must be small, medium or large"));
        }
        return new Classification(type, severity, repairClass);
    }
}

package io.firstline.handover;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hand-over from the shift under way to the next (交接班): every open matter, the duty log, notes, and both
 * signatures. The incoming person may not sign while a major matter, an unfinished repair or a record they marked
 * unclear is listed without a note (四不接). Read-only once both have signed.
 */
@RestController
@RequestMapping("/api/v1/shifts")
class HandoverController {

    static final int MAX_TEXT = 10_000;

    record TextRequest(String text) {
    }

    record NoteRequest(String note) {
    }

    record SignRequest(String as) {
    }

    record Signature(String by, Instant at) {
    }

    record HandoverView(long id, Instant shiftStart, Instant handoverAt, String dutyLog, List<HandoverItem> items,
                        Signature outgoing, Signature incoming, boolean signed, List<Long> blocking) {
    }

    private final Handovers handovers;
    private final ShiftProperties properties;
    private final io.firstline.supervision.Supervision supervision;
    private final TransactionalOperator transaction;
    private final JsonMapper json;
    private final Clock clock;

    HandoverController(Handovers handovers, ShiftProperties properties, io.firstline.supervision.Supervision supervision,
                       TransactionalOperator transaction, JsonMapper json, Clock clock) {
        this.handovers = handovers;
        this.properties = properties;
        this.supervision = supervision;
        this.transaction = transaction;
        this.json = json;
        this.clock = clock;
    }

    /** The caller's workspace's shifts, in its own time zone. */
    private Mono<ShiftRota> rota(long workspaceId) {
        return supervision.calendarsOf(workspaceId)
                .map(calendars -> new ShiftRota(properties.starts(), calendars.officeHours().zone()));
    }

    @GetMapping("/current/handover")
    Mono<HandoverView> current() {
        return staff().flatMap(this::view);
    }

    @PutMapping("/current/handover/log")
    Mono<HandoverView> log(@RequestBody(required = false) TextRequest request) {
        if (request == null || request.text() == null || request.text().length() > MAX_TEXT) {
            return Mono.error(Problems.badRequest("text is required (the duty log), at most " + MAX_TEXT + " characters"));
        }
        return staff().flatMap(agent -> change(agent, record -> handovers.log(record.id(), request.text())));
    }

    @PostMapping("/current/handover/items/{contactId}/note")
    Mono<HandoverView> note(@PathVariable long contactId, @RequestBody(required = false) NoteRequest request) {
        if (request == null || request.note() == null || request.note().isBlank() || request.note().length() > MAX_TEXT) {
            return Mono.error(Problems.badRequest("note is required (where the matter stands), at most " + MAX_TEXT + " characters"));
        }
        return staff().flatMap(agent -> change(agent, record -> listed(agent, record, contactId)
                .then(handovers.note(record.id(), contactId, request.note().strip(), agent.username()))));
    }

    @PostMapping("/current/handover/items/{contactId}/unclear")
    Mono<HandoverView> unclear(@PathVariable long contactId) {
        return staff().flatMap(agent -> change(agent, record -> listed(agent, record, contactId)
                .then(handovers.unclear(record.id(), contactId))));
    }

    @PostMapping("/current/handover/sign")
    Mono<HandoverView> sign(@RequestBody(required = false) SignRequest request) {
        if (request == null || !List.of("outgoing", "incoming").contains(request.as())) {
            return Mono.error(Problems.badRequest("as must be outgoing or incoming"));
        }
        Instant now = clock.instant();
        return staff().flatMap(agent -> change(agent, record -> {
            if (request.as().equals("outgoing")) {
                return record.outgoingSignedAt() != null
                        ? Mono.error(Problems.conflict("the outgoing shift signed already (" + record.outgoingBy() + ")"))
                        : handovers.signOutgoing(record.id(), agent.username(), now);
            }
            if (record.outgoingSignedAt() == null) {
                return Mono.error(Problems.conflict("the outgoing shift has not signed the hand-over yet"));
            }
            if (agent.username().equals(record.outgoingBy())) {
                return Mono.error(Problems.conflict("the incoming person must be someone else than the outgoing one"));
            }
            return handovers.items(agent.workspaceId(), record.id()).flatMap(items -> {
                List<Long> blocking = items.stream().filter(HandoverItem::blocksTakeOver).map(HandoverItem::contactId).toList();
                if (!blocking.isEmpty()) {
                    return Mono.error(Problems.conflict("not taken over (四不接): contacts " + blocking + " are major matters, "
                            + "unfinished repairs or unclear records listed without a note"));
                }
                return handovers.signIncoming(record.id(), agent.username(), now, json.writeValueAsString(items));
            });
        }));
    }

    /** Only a matter listed in the caller's workspace's hand-over: another workspace's contact is not listed. */
    private Mono<Void> listed(AgentPrincipal agent, Handovers.Record record, long contactId) {
        return handovers.items(agent.workspaceId(), record.id())
                .flatMap(items -> items.stream().anyMatch(item -> item.contactId() == contactId)
                        ? Mono.<Void>empty()
                        : Mono.error(Problems.notFound("contact " + contactId + " is not listed in this hand-over")));
    }

    /** A change to the caller's workspace's current hand-over: refused once both signed; the view afterwards. */
    private Mono<HandoverView> change(AgentPrincipal agent, java.util.function.Function<Handovers.Record, Mono<Void>> work) {
        return rota(agent.workspaceId()).flatMap(rota -> {
            ShiftRota.Shift shift = rota.at(clock.instant());
            Mono<Void> tx = handovers.ensure(agent.workspaceId(), shift).flatMap(record -> record.signed()
                    ? Mono.error(Problems.conflict("the hand-over at " + record.handoverAt() + " is signed by both and read-only"))
                    : work.apply(record));
            return transaction.transactional(tx).then(view(agent));
        });
    }

    private Mono<HandoverView> view(AgentPrincipal agent) {
        return rota(agent.workspaceId()).flatMap(rota -> handovers.ensure(agent.workspaceId(), rota.at(clock.instant())))
                .flatMap(record -> {
                    if (record.signed() && record.items() != null) {
                        List<HandoverItem> kept = List.of(json.readValue(record.items(), HandoverItem[].class));
                        return Mono.just(view(record, kept));
                    }
                    return handovers.items(agent.workspaceId(), record.id()).map(items -> view(record, items));
                });
    }

    private static HandoverView view(Handovers.Record record, List<HandoverItem> items) {
        return new HandoverView(record.id(), record.outgoingShiftStart(), record.handoverAt(), record.dutyLog(), items,
                record.outgoingSignedAt() == null ? null : new Signature(record.outgoingBy(), record.outgoingSignedAt()),
                record.incomingSignedAt() == null ? null : new Signature(record.incomingBy(), record.incomingSignedAt()),
                record.signed(), items.stream().filter(HandoverItem::blocksTakeOver).map(HandoverItem::contactId).toList());
    }

    /** People on duty (agents, supervisors, managers) take part; an admin account does not. */
    private Mono<AgentPrincipal> staff() {
        return CurrentAgent.get().flatMap(agent -> "admin".equals(agent.role())
                ? Mono.error(Problems.forbidden("the hand-over is for the people on duty"))
                : Mono.just(agent));
    }
}

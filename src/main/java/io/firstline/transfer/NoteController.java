package io.firstline.transfer;

import java.time.Clock;
import java.time.Instant;
import io.firstline.console.ConsoleHub;
import io.firstline.contact.ContactView;
import io.firstline.contact.Contacts;
import io.firstline.kernel.Ids;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * POST /api/v1/contacts/{id}/notes {"text"}: an internal note on the contact, for its assignee, first
 * responder and supervisors; stored with the messages (direction {@code internal}), never sent to the customer.
 */
@RestController
class NoteController {

    record NoteRequest(String text) {
    }

    static final int MAX_NOTE = 4000;

    private final Contacts contacts;
    private final DatabaseClient db;
    private final ConsoleHub console;
    private final Clock clock;

    NoteController(Contacts contacts, DatabaseClient db, ConsoleHub console, Clock clock) {
        this.contacts = contacts;
        this.db = db;
        this.console = console;
        this.clock = clock;
    }

    @PostMapping("/api/v1/contacts/{id}/notes")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ContactView.MessageView> note(@PathVariable long id, @RequestBody NoteRequest request) {
        if (request == null || request.text() == null || request.text().isBlank() || request.text().length() > MAX_NOTE) {
            return Mono.error(Problems.badRequest("text is required, at most " + MAX_NOTE + " characters"));
        }
        Instant now = clock.instant();
        return CurrentAgent.get().flatMap(agent -> contacts.owners(id)
                .switchIfEmpty(Mono.error(() -> Problems.notFound("contact " + id + " does not exist")))
                .flatMap(owners -> {
                    if (!agent.overseesWorkspace() && !owners.people().contains(agent.agentId())) {
                        return Mono.error(Problems.forbidden("contact " + id + " is not one of yours"));
                    }
                    return db.sql("""
                                    INSERT INTO message (contact_id, channel, external_id, direction, author, body, created_at)
                                    VALUES (:contact, 'internal', :external, 'internal', :author, :body, :at) RETURNING id""")
                            .bind("contact", id)
                            .bind("external", "note-" + Ids.random())
                            .bind("author", agent.username())
                            .bind("body", request.text())
                            .bind("at", now)
                            .map(row -> row.get("id", Long.class))
                            .one()
                            .doOnNext(messageId -> owners.people().stream().filter(person -> person != agent.agentId())
                                    .forEach(person -> console.publish(person, "message.new", java.util.Map.of("contactId", id))))
                            .map(messageId -> new ContactView.MessageView(messageId, "internal", agent.username(),
                                    request.text(), now, "received", null));
                }));
    }
}

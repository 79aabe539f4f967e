package io.firstline.transfer;

import io.firstline.kernel.StorableText;
import io.firstline.contact.ContactService;
import io.firstline.contact.ContactView;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import org.springframework.http.HttpStatus;
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

    private final ContactService contacts;

    NoteController(ContactService contacts) {
        this.contacts = contacts;
    }

    @PostMapping("/api/v1/contacts/{id}/notes")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ContactView.MessageView> note(@PathVariable long id, @RequestBody NoteRequest request) {
        if (request == null || request.text() == null || request.text().isBlank() || request.text().length() > MAX_NOTE) {
            return Mono.error(Problems.badRequest("text is required, at most " + MAX_NOTE + " characters"));
        }
        if (StorableText.problem("text", request.text()).isPresent()) {
            return Mono.error(Problems.badRequest(StorableText.problem("text", request.text()).get()));
        }
        return CurrentAgent.get().flatMap(agent -> contacts.addNote(id, agent.agentId(), agent.username(),
                agent.overseesWorkspace(), request.text()));
    }
}

package io.firstline.contact;

import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Read access to contacts: agents see the ones they hold or first responded to; supervisors all. */
@RestController
@RequestMapping("/api/v1/contacts")
class ContactController {

    private final Contacts contacts;
    private final ContactQueries queries;

    ContactController(Contacts contacts, ContactQueries queries) {
        this.contacts = contacts;
        this.queries = queries;
    }

    @GetMapping("/{id}")
    Mono<ContactView> contact(@PathVariable long id) {
        return CurrentAgent.get().flatMap(agent -> contacts.view(id)
                .switchIfEmpty(Mono.error(() -> Problems.notFound("contact " + id + " does not exist")))
                .flatMap(view -> agent.overseesWorkspace() || involves(view, agent.agentId())
                        ? Mono.just(view)
                        : Mono.error(Problems.forbidden("contact " + id + " is not one of yours"))));
    }

    /** My work: what I hold or first responded to, follow-ups I owe, and — overseeing the workspace — its escalations. */
    @GetMapping
    Flux<ContactQueries.ContactSummary> mine() {
        return CurrentAgent.get().flatMapMany(agent -> queries.worklist(agent));
    }

    /** One step of a contact's history: what happened, who did it, when (DOMAIN §4: each step records who and when). */
    record Step(String kind, String actor, String detail, java.time.Instant at) {
    }

    /** Every step of the contact, in order: for its assignee, its first responder and those who oversee the workspace. */
    @GetMapping("/{id}/history")
    Flux<Step> history(@PathVariable long id) {
        return contact(id).flatMapMany(view -> contacts.history(id))
                .map(line -> new Step(line.kind(), line.actor(), line.detail(), line.at()));
    }

    private static boolean involves(ContactView view, long agentId) {
        return (view.assignee() != null && view.assignee().id() == agentId)
                || (view.firstResponder() != null && view.firstResponder().id() == agentId);
    }
}

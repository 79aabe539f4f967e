package io.firstline.channel;

import io.firstline.contact.ContactView;
import io.firstline.platform.security.CurrentAgent;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
class ReplyController {

    record ReplyRequest(String text) {
    }

    private final Replies replies;

    ReplyController(Replies replies) {
        this.replies = replies;
    }

    /** The assignee replies through the contact's channel: 201 once the provider took it, else a problem saying why. */
    @PostMapping("/api/v1/contacts/{id}/messages")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ContactView.MessageView> reply(@PathVariable long id, @RequestBody ReplyRequest request) {
        return CurrentAgent.get().flatMap(agent -> replies.reply(id, request == null ? null : request.text(), agent));
    }
}

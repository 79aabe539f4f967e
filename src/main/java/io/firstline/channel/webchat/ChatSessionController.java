package io.firstline.channel.webchat;

import java.util.LinkedHashMap;
import java.util.Map;
import io.firstline.platform.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/chat/sessions {"account", "previousToken"?}}: a visitor token for the widget. Public: anyone
 * may start a chat. A still-renewable previous token of the same account keeps the visitor (and so the conversation);
 * otherwise the visitor is new.
 */
@RestController
class ChatSessionController {

    record SessionRequest(String account, String previousToken) {
    }

    private final VisitorTokens tokens;
    private final WebchatProperties properties;

    ChatSessionController(VisitorTokens tokens, WebchatProperties properties) {
        this.tokens = tokens;
        this.properties = properties;
    }

    @PostMapping(ChatGate.SESSIONS)
    Mono<ResponseEntity<Map<String, Object>>> open(@RequestBody SessionRequest request,
                                                   @RequestHeader(name = HttpHeaders.ORIGIN, required = false) String origin) {
        if (request.account() == null || request.account().isBlank()) {
            return Mono.error(Problems.badRequest("account is required"));
        }
        if (!tokens.knows(request.account())) {
            return Mono.error(Problems.notFound("unknown web-chat account '" + request.account() + "'"));
        }
        if (!properties.accounts().get(request.account()).allowsOrigin(origin)) {
            return Mono.error(Problems.of(HttpStatus.FORBIDDEN, "this page may not embed the chat of this account"));
        }
        VisitorTokens.Issued issued = tokens.issue(request.account(), request.previousToken());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", issued.token());
        body.put("account", issued.visitor().account());
        body.put("visitorId", issued.visitor().visitorId());
        body.put("expiresAt", issued.visitor().expiresAt().toString());
        body.put("socket", ChatGate.SOCKET);
        return Mono.just(ResponseEntity.status(HttpStatus.CREATED).body(body));
    }
}

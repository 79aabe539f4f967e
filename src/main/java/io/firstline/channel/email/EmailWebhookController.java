package io.firstline.channel.email;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.firstline.channel.StandardWebhookVerifier;
import io.firstline.channel.WebhookOutcomes;
import io.firstline.kernel.Channel;
import io.firstline.intake.InboundEnvelope;
import io.firstline.intake.IntakeLog;
import io.firstline.intake.IntakeProperties;
import io.firstline.platform.web.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /webhooks/email/{account}}: an inbound mail, either as Mailgun posts it (form fields,
 * signed with the account's {@code signing-key}) or as a raw {@code message/rfc822} body signed the
 * Standard Webhooks way with the account's {@code secret}. Answers 200 once the mail is durable;
 * every refusal stores nothing.
 */
@RestController
class EmailWebhookController {

    private static final MediaType RFC822 = MediaType.parseMediaType("message/rfc822");

    private final EmailProperties properties;
    private final EmailStore store;
    private final IntakeLog intake;
    private final IntakeProperties intakeProperties;
    private final Clock clock;
    private final WebhookOutcomes outcomes;
    private final MailgunSignature mailgun;
    private final StandardWebhookVerifier standard;

    private final io.firstline.intake.ChannelAccounts accounts;

    EmailWebhookController(EmailProperties properties, EmailStore store, IntakeLog intake,
                           IntakeProperties intakeProperties, Clock clock, MeterRegistry meters,
                           io.firstline.intake.ChannelAccounts accounts) {
        this.accounts = accounts;
        this.properties = properties;
        this.store = store;
        this.intake = intake;
        this.intakeProperties = intakeProperties;
        this.clock = clock;
        this.outcomes = new WebhookOutcomes(meters, Channel.EMAIL);
        this.mailgun = new MailgunSignature(properties.timestampTolerance());
        this.standard = new StandardWebhookVerifier(properties.timestampTolerance());
    }

    @PostMapping("/webhooks/email/{account}")
    Mono<ResponseEntity<Map<String, Object>>> receive(@PathVariable String account, ServerHttpRequest request) {
        EmailProperties.Account settings = properties.accounts().get(account);
        if (settings == null) {
            outcomes.count("unknown_account");
            return Mono.error(Problems.notFound("unknown e-mail account '" + account + "'"));
        }
        MediaType type = request.getHeaders().getContentType();
        boolean raw = type != null && RFC822.includes(type);
        boolean form = type != null && (MediaType.APPLICATION_FORM_URLENCODED.includes(type) || MediaType.MULTIPART_FORM_DATA.includes(type));
        if (!raw && !form) {
            outcomes.count("malformed");
            return Mono.error(Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "send a Mailgun form (application/x-www-form-urlencoded or multipart/form-data) or message/rfc822"));
        }
        if ((raw && settings.secret() == null) || (form && settings.signingKey() == null)) {
            outcomes.count("unauthorized");
            return Mono.error(Problems.of(HttpStatus.UNAUTHORIZED, "account '" + account + "' takes no "
                    + (raw ? "raw MIME posts (no secret configured)" : "Mailgun posts (no signing-key configured)")));
        }
        return outcomes.body(request, properties.maxBodyBytes())
                .flatMap(body -> raw ? acceptRaw(account, settings, request.getHeaders(), body)
                        : acceptForm(account, settings, type, body));
    }

    private Mono<ResponseEntity<Map<String, Object>>> acceptRaw(String account, EmailProperties.Account settings,
                                                                HttpHeaders headers, byte[] body) {
        var verdict = standard.verify(List.of(settings.secret()), headers.getFirst("webhook-id"),
                headers.getFirst("webhook-timestamp"), headers.getFirst("webhook-signature"), body, clock.instant());
        if (verdict != StandardWebhookVerifier.Verdict.VALID) {
            return Mono.error(outcomes.unauthorized(verdict, properties.timestampTolerance()));
        }
        return parse(() -> EmailParsing.raw(body)).flatMap(mail -> deliver(account, settings, mail, null));
    }

    private Mono<ResponseEntity<Map<String, Object>>> acceptForm(String account, EmailProperties.Account settings,
                                                                 MediaType type, byte[] body) {
        return parse(() -> MediaType.MULTIPART_FORM_DATA.includes(type)
                        ? EmailParsing.multipart(body, type.toString()) : EmailParsing.urlEncoded(body))
                .flatMap(form -> {
                    String timestamp = form.field("timestamp");
                    String token = form.field("token");
                    var verdict = mailgun.verify(settings.signingKey(), timestamp, token, form.field("signature"), clock.instant());
                    if (verdict != MailgunSignature.Verdict.VALID) {
                        return Mono.error(outcomes.unauthorized(switch (verdict) {
                            case MISSING_FIELDS -> "timestamp, token and signature fields are required";
                            case STALE_TIMESTAMP -> "timestamp is malformed or more than "
                                    + properties.timestampTolerance().toMinutes() + " minutes from the server's time";
                            default -> "signature does not match";
                        }));
                    }
                    EmailMessage mail;
                    try {
                        mail = EmailParsing.fromForm(form);
                    } catch (EmailParsing.MalformedEmailException e) {
                        outcomes.count("malformed");
                        return Mono.error(Problems.badRequest(e.getMessage()));
                    }
                    Instant now = clock.instant();
                    return store.claimToken(account, token, now, properties.timestampTolerance().multipliedBy(2))
                            .flatMap(fresh -> {
                                if (!fresh) {
                                    // 406 is Mailgun's "do not retry"; the first delivery with this token was taken.
                                    outcomes.count("replayed");
                                    return Mono.error(Problems.of(HttpStatus.NOT_ACCEPTABLE, "token has been used before"));
                                }
                                return deliver(account, settings, mail, token);
                            });
                });
    }

    /** Threads, appends, records the e-mail facts; a failure before durability releases the token for the retry. */
    private Mono<ResponseEntity<Map<String, Object>>> deliver(String account, EmailProperties.Account settings,
                                                              EmailMessage received, String token) {
        EmailMessage parsed = received.storable();
        int removed = received.characters() - parsed.characters();
        if (removed > 0) {
            outcomes.countStripped();
        }
        EmailMessage mail = new EmailMessage(parsed.messageId(), parsed.references(), parsed.fromAddress(), parsed.fromName(),
                parsed.subject(), parsed.body(), parsed.recipients(),
                EmailMessage.limited(parsed.attachments(), properties.maxAttachments(), properties.maxAttachmentBytes()));
        // Recorded where the agent reads the mail, as a cut text is.
        String removedNote = removed == 0 ? "" : "\n[" + removed + " characters that cannot be stored (U+0000 NUL or an "
                + "unpaired surrogate) were removed]";
        Instant now = clock.instant();
        Optional<Long> byToken = mail.recipients().stream()
                .map(recipient -> ContactTokens.contactOf(settings.secret(), account, recipient))
                .flatMap(Optional::stream).findFirst();
        Mono<Optional<Long>> thread = byToken.isPresent() ? Mono.just(byToken)
                // Only the account's own workspace's mails (intake checks a token's contact the same way).
                : accounts.resolver().map(resolver -> resolver.workspaceOf(Channel.EMAIL, account))
                        .flatMap(workspaceId -> store.contactOfAny(workspaceId, mail.references()))
                        .map(Optional::of).defaultIfEmpty(Optional.empty());
        return thread
                .map(contact -> new InboundEnvelope(Channel.EMAIL, account, mail.messageId(), account + ":" + mail.fromAddress(),
                        mail.fromAddress(), mail.fromName(), mail.text(properties.maxTextChars()) + removedNote, now, contact.orElse(null)))
                .flatMap(envelope -> intake.append(envelope).transform(outcomes.timedUntilDurable()))
                .flatMap(outcome -> store.record(account, mail, now).thenReturn(outcome))
                .doOnNext(outcome -> outcomes.acknowledged(outcome.duplicate()))
                .map(outcome -> ResponseEntity.ok(WebhookOutcomes.receipt(outcome)))
                .transform(outcomes.retryLaterUnlessStored("the message", intakeProperties.retryAfter()))
                .onErrorResume(e -> token == null ? Mono.error(e)
                        : store.releaseToken(account, token).onErrorResume(ignored -> Mono.empty()).then(Mono.error(e)));
    }

    private <T> Mono<T> parse(java.util.concurrent.Callable<T> parsing) {
        return Mono.fromCallable(parsing)
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(EmailParsing.MalformedEmailException.class, e -> {
                    outcomes.count("malformed");
                    return Problems.badRequest(e.getMessage());
                });
    }



}

package io.firstline.channel.phone;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import io.firstline.channel.StandardWebhookVerifier;
import io.firstline.channel.WebhookOutcomes;
import io.firstline.kernel.Channel;
import io.firstline.kernel.StorableText;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /webhooks/phone/{account}} in two forms:
 * <ul>
 *   <li>Twilio voice callbacks ({@code application/x-www-form-urlencoded}, {@code X-Twilio-Signature} with the
 *       account's {@code auth-token}), answered with TwiML: enqueue the caller, hold, leave, dial the agent;</li>
 *   <li>generic JSON call events ({@code application/json}, Standard Webhooks with the account's {@code secret})
 *       from an Asterisk ARI / FreeSWITCH relay: {@code {"callId","event","from","to","at"}}.</li>
 * </ul>
 * Every refusal stores nothing; an event is acknowledged only once the call (and, for a new call, its envelope)
 * is durable. Repeated callbacks change nothing.
 */
@RestController
class PhoneWebhookController {

    private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9_.:@-]{1,128}");
    private static final int MAX_FIELD = 200;
    private static final MediaType TWIML = MediaType.parseMediaType("application/xml;charset=UTF-8");

    private final PhoneProperties properties;
    private final PhoneIntake phone;
    private final PhoneCalls calls;
    private final IntakeProperties intakeProperties;
    private final JsonMapper json;
    private final Clock clock;
    private final WebhookOutcomes outcomes;
    private final StandardWebhookVerifier standard;

    PhoneWebhookController(PhoneProperties properties, PhoneIntake phone, PhoneCalls calls,
                           IntakeProperties intakeProperties, JsonMapper json, Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.phone = phone;
        this.calls = calls;
        this.intakeProperties = intakeProperties;
        this.json = json;
        this.clock = clock;
        this.outcomes = new WebhookOutcomes(meters, Channel.PHONE);
        this.standard = new StandardWebhookVerifier(properties.timestampTolerance());
        // Build Jackson's tree deserializer on the start-up thread, not on an event loop.
        try {
            json.readTree("{}");
        } catch (JacksonException ignored) {
            // cannot happen
        }
    }

    @PostMapping("/webhooks/phone/{account}")
    Mono<ResponseEntity<?>> receive(@PathVariable String account, ServerHttpRequest request) {
        PhoneProperties.Account settings = properties.accounts().get(account);
        if (settings == null) {
            outcomes.count("unknown_account");
            return Mono.error(Problems.notFound("unknown phone account '" + account + "'"));
        }
        MediaType type = request.getHeaders().getContentType();
        boolean form = type != null && MediaType.APPLICATION_FORM_URLENCODED.includes(type);
        boolean generic = type != null && MediaType.APPLICATION_JSON.includes(type);
        if (!form && !generic) {
            outcomes.count("malformed");
            return Mono.error(Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "send Twilio callbacks (application/x-www-form-urlencoded) or call events (application/json)"));
        }
        if ((form && settings.authToken() == null) || (generic && settings.secret() == null)) {
            return Mono.error(outcomes.unauthorized("account '" + account + "' takes no "
                    + (form ? "Twilio callbacks (no auth-token configured)" : "JSON call events (no secret configured)")));
        }
        return outcomes.body(request, properties.maxBodyBytes())
                .flatMap(body -> form ? twilio(account, settings, request, body) : generic(account, settings, request.getHeaders(), body))
                .transform(outcomes.retryLaterUnlessStored("the call event", intakeProperties.retryAfter()));
    }

    // ---------------------------------------------------------------- Twilio

    private Mono<ResponseEntity<?>> twilio(String account, PhoneProperties.Account settings, ServerHttpRequest request, byte[] body) {
        List<Map.Entry<String, String>> params;
        try {
            params = formParams(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            outcomes.count("malformed");
            return Mono.error(Problems.badRequest("body is not a valid form: " + e.getMessage()));
        }
        String query = request.getURI().getRawQuery();
        String base = settings.base(request.getLocalAddress() == null ? 0 : request.getLocalAddress().getPort());
        String signedUrl = base + request.getURI().getRawPath() + (query == null ? "" : "?" + query);
        if (!TwilioSignature.valid(settings.authToken(), signedUrl, params, request.getHeaders().getFirst("X-Twilio-Signature"))) {
            return Mono.error(outcomes.unauthorized("X-Twilio-Signature is missing or does not match"));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        params.forEach(p -> fields.putIfAbsent(p.getKey(), p.getValue()));
        Map<String, String> queryParams = new LinkedHashMap<>();
        if (query != null) {
            formParams(query).forEach(p -> queryParams.putIfAbsent(p.getKey(), p.getValue()));
        }
        List<String> unstorable = new ArrayList<>();
        params.forEach(p -> StorableText.problem(p.getKey(), p.getValue()).ifPresent(unstorable::add));
        queryParams.forEach((name, value) -> StorableText.problem(name, value).ifPresent(unstorable::add));
        if (!unstorable.isEmpty()) {
            return Mono.error(outcomes.malformed(String.join("; ", unstorable)));
        }
        String step = queryParams.getOrDefault("step", "voice");
        String callId = queryParams.containsKey("call") ? queryParams.get("call") : fields.get("CallSid");
        if (callId == null || !CALL_ID.matcher(callId).matches()) {
            outcomes.count("malformed");
            return Mono.error(Problems.badRequest("CallSid is required (letters, digits, _.:@-; at most 128 characters)"));
        }
        String from = limit(fields.getOrDefault("From", fields.get("Caller")));
        String to = limit(fields.getOrDefault("To", fields.get("Called")));
        String webhookUrl = base + "/webhooks/phone/" + account;
        Instant now = clock.instant();
        Mono<String> answer = switch (step) {
            case "wait" -> calls.find(callId)
                    .map(call -> call.agentChosen() ? TwiML.leave() : TwiML.hold(false))
                    .defaultIfEmpty(TwiML.hold(false))
                    .map(twiml -> "0".equals(fields.get("QueueTime")) && !twiml.contains("Leave") ? TwiML.hold(true) : twiml);
            case "dequeued" -> switch (fields.getOrDefault("QueueResult", "")) {
                case "leave" -> calls.find(callId).map(call -> call.agentChosen() ? TwiML.dial(webhookUrl, callId, call.dialTarget())
                        : TwiML.enqueue(webhookUrl, properties.queueName())).defaultIfEmpty(TwiML.hangup());
                case "hangup" -> phone.record(account, PhoneCalls.FORM_TWILIO, callId, from, to, now, CallStatus.ABANDONED)
                        .thenReturn(TwiML.empty());
                case "bridged", "redirected" -> Mono.just(TwiML.empty());
                default -> phone.record(account, PhoneCalls.FORM_TWILIO, callId, from, to, now, CallStatus.NO_ANSWER)
                        .thenReturn(TwiML.sorry());
            };
            case "answered" -> phone.record(account, PhoneCalls.FORM_TWILIO, callId, from, to, now, CallStatus.ANSWERED)
                    .thenReturn(TwiML.empty());
            case "dialed" -> dialed(account, callId, from, to, fields, now);
            default -> voiceOrStatus(account, webhookUrl, callId, from, to, fields.get("CallStatus"), now);
        };
        return answer.doOnNext(twiml -> outcomes.count("accepted"))
                .map(twiml -> ResponseEntity.ok().contentType(TWIML).body(twiml));
    }

    /** The number's voice URL (a new call) or its status callback (the call's progress and end). */
    private Mono<String> voiceOrStatus(String account, String webhookUrl, String callId, String from, String to,
                                       String callStatus, Instant now) {
        if (callStatus == null) {
            outcomes.count("malformed");
            return Mono.error(Problems.badRequest("CallStatus is required"));
        }
        return calls.find(callId).map(call -> call.answeredAt() != null).defaultIfEmpty(false)
                .flatMap(answered -> {
                    CallStatus status = CallStatus.fromTwilio(callStatus, answered).orElse(null);
                    if (status == null) {
                        outcomes.count("malformed");
                        return Mono.error(Problems.badRequest("unknown CallStatus '" + callStatus + "'"));
                    }
                    if (status.terminal()) {
                        return phone.record(account, PhoneCalls.FORM_TWILIO, callId, from, to, now, status).thenReturn(TwiML.empty());
                    }
                    // A new call: it rings, and by answering with <Enqueue> we put it in the queue.
                    return phone.record(account, PhoneCalls.FORM_TWILIO, callId, from, to, now, CallStatus.RINGING, CallStatus.QUEUED)
                            .map(call -> call.status().terminal() ? TwiML.hangup()
                                    : call.agentChosen() ? TwiML.dial(webhookUrl, callId, call.dialTarget())
                                    : TwiML.enqueue(webhookUrl, properties.queueName()));
                });
    }

    /** The {@code <Dial>} ended: the agent talked to the caller, or did not pick up. */
    private Mono<String> dialed(String account, String callId, String from, String to, Map<String, String> fields, Instant now) {
        String dialStatus = fields.getOrDefault("DialCallStatus", "");
        if (dialStatus.equals("completed") || dialStatus.equals("answered")) {
            long talked = 0;
            try {
                talked = Long.parseLong(fields.getOrDefault("DialCallDuration", "0"));
            } catch (NumberFormatException ignored) {
                // no duration: the answer instant is now
            }
            // Answered DialCallDuration seconds ago (kept only if the <Sip url> callback did not record it first).
            return phone.record(account, PhoneCalls.FORM_TWILIO, callId, from, to, now.minusSeconds(talked), CallStatus.ANSWERED)
                    .then(phone.record(account, PhoneCalls.FORM_TWILIO, callId, from, to, now, CallStatus.COMPLETED))
                    .thenReturn(TwiML.hangup());
        }
        return phone.record(account, PhoneCalls.FORM_TWILIO, callId, from, to, now, CallStatus.NO_ANSWER).thenReturn(TwiML.sorry());
    }

    static List<Map.Entry<String, String>> formParams(String body) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        if (body.isEmpty()) {
            return params;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
        }
        return params;
    }

    // ---------------------------------------------------------------- generic JSON

    private Mono<ResponseEntity<?>> generic(String account, PhoneProperties.Account settings, HttpHeaders headers, byte[] body) {
        var verdict = standard.verify(List.of(settings.secret()), headers.getFirst("webhook-id"),
                headers.getFirst("webhook-timestamp"), headers.getFirst("webhook-signature"), body, clock.instant());
        if (verdict != StandardWebhookVerifier.Verdict.VALID) {
            return Mono.error(outcomes.unauthorized(verdict, properties.timestampTolerance()));
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            outcomes.count("malformed");
            return Mono.error(Problems.badRequest("body is not valid JSON: " + e.getOriginalMessage()));
        }
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            problems.add("body must be a JSON object");
        }
        String callId = root != null && root.isObject() ? text(root, "callId") : null;
        String event = root != null && root.isObject() ? text(root, "event") : null;
        if (root != null && root.isObject()) {
            if (callId == null || !CALL_ID.matcher(callId).matches()) {
                problems.add("callId is required (letters, digits, _.:@-; at most 128 characters)");
            }
            if (event == null || CallStatus.fromWireName(event).filter(s -> s != CallStatus.OFFERED).isEmpty()) {
                problems.add("event must be one of ringing, queued, answered, completed, abandoned, no_answer");
            }
        }
        Instant at = clock.instant();
        String atText = root != null && root.isObject() ? text(root, "at") : null;
        if (atText != null) {
            try {
                at = Instant.parse(atText);
            } catch (DateTimeParseException e) {
                problems.add("at must be an ISO-8601 instant");
            }
        }
        if (root != null && root.isObject()) {
            StorableText.problem("from", text(root, "from")).ifPresent(problems::add);
            StorableText.problem("to", text(root, "to")).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            outcomes.count("malformed");
            return Mono.error(Problems.badRequest(String.join("; ", problems)));
        }
        String from = limit(text(root, "from"));
        String to = limit(text(root, "to"));
        Instant when = at;
        return calls.find(callId).map(call -> call.answeredAt() != null).defaultIfEmpty(false)
                .flatMap(answered -> {
                    CallStatus status = CallStatus.fromWireName(event).orElseThrow();
                    // "completed" for a call nobody answered is the caller hanging up.
                    CallStatus effective = status == CallStatus.COMPLETED && !answered ? CallStatus.ABANDONED : status;
                    return phone.record(account, PhoneCalls.FORM_GENERIC, callId, from, to, when, effective);
                })
                .map(call -> {
                    outcomes.count("accepted");
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("callId", call.callId());
                    answer.put("event", event);
                    answer.put("contactId", call.contactId());
                    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer);
                });
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() || !node.isString() || node.asString().isBlank() ? null : node.asString().strip();
    }

    private static String limit(String value) {
        return value == null ? null : value.length() > MAX_FIELD ? value.substring(0, MAX_FIELD) : value;
    }
}

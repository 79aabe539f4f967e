package io.firstline.registration;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.firstline.contact.ContactView;
import io.firstline.contact.Contacts;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/contacts}: an agent registers a walk-in or a letter, as JSON, or as a multipart form (fields
 * {@code channel}, {@code name}, {@code phone}, {@code email}, {@code text}, {@code category}, and a file
 * {@code attachment}: the letter's scan). Answers 201 with the contact and where the customer was found.
 */
@RestController
@RequestMapping("/api/v1/contacts")
class RegistrationController {

    /** The contact as registered, and how its customer was found: {@code phone}, {@code email}, {@code name} or {@code new}. */
    record RegisteredView(ContactView contact, String customerFoundBy, List<Attachments.AttachmentView> attachments) {
    }

    private final ManualRegistrations registrations;
    private final Attachments attachments;
    private final Contacts contacts;
    private final RegistrationProperties properties;

    RegistrationController(ManualRegistrations registrations, Attachments attachments, Contacts contacts,
                           RegistrationProperties properties) {
        this.registrations = registrations;
        this.attachments = attachments;
        this.contacts = contacts;
        this.properties = properties;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<RegisteredView>> register(@RequestBody(required = false) Registration registration) {
        return CurrentAgent.get().flatMap(agent -> registrations.register(registration, Optional.empty(), agent))
                .flatMap(this::created);
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<ResponseEntity<RegisteredView>> registerWithDocument(ServerWebExchange exchange) {
        return exchange.getMultipartData()
                .onErrorMap(DataBufferLimitException.class, e -> Problems.of(HttpStatus.CONTENT_TOO_LARGE,
                        "the form is larger than allowed: at most " + properties.maxAttachmentSize().toMegabytes()
                                + " MB per part"))
                .flatMap(parts -> document(parts.getFirst("attachment")).map(Optional::of).defaultIfEmpty(Optional.empty())
                        .flatMap(document -> CurrentAgent.get().flatMap(agent ->
                                registrations.register(fromForm(parts), document, agent))))
                .flatMap(this::created);
    }

    @GetMapping("/{id}/attachments")
    Mono<List<Attachments.AttachmentView>> list(@PathVariable long id) {
        return mayRead(id).then(attachments.of(id));
    }

    @GetMapping("/{id}/attachments/{attachmentId}")
    Mono<ResponseEntity<byte[]>> content(@PathVariable long id, @PathVariable long attachmentId) {
        return mayRead(id).then(attachments.content(id, attachmentId))
                .switchIfEmpty(Mono.error(() -> Problems.notFound("contact " + id + " has no attachment " + attachmentId)))
                .map(content -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(content.contentType()))
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                .filename(content.fileName(), java.nio.charset.StandardCharsets.UTF_8).build().toString())
                        .body(content.bytes()));
    }

    /** The contact's own people (assignee, first responder) and those who oversee the workspace. */
    private Mono<Void> mayRead(long id) {
        return CurrentAgent.get().flatMap(agent -> contacts.owners(id)
                .switchIfEmpty(Mono.error(() -> Problems.notFound("contact " + id + " does not exist")))
                .flatMap(owners -> agent.overseesWorkspace() || owners.people().contains(agent.agentId())
                        ? Mono.<Void>empty()
                        : Mono.error(Problems.forbidden("contact " + id + " is not one of yours"))));
    }

    private Mono<ResponseEntity<RegisteredView>> created(ManualRegistrations.Registered registered) {
        long id = registered.contact().id();
        return attachments.of(id).map(list -> ResponseEntity.created(URI.create("/api/v1/contacts/" + id))
                .body(new RegisteredView(registered.contact(), registered.customerFoundBy(), list)));
    }

    private static Registration fromForm(MultiValueMap<String, Part> parts) {
        return new Registration(field(parts, "channel"),
                new Registration.Customer(field(parts, "name"), field(parts, "phone"), field(parts, "email")),
                field(parts, "text"), field(parts, "category"));
    }

    private static String field(MultiValueMap<String, Part> parts, String name) {
        return parts.getFirst(name) instanceof FormFieldPart field ? field.value() : null;
    }

    /** The uploaded file, read up to the size limit (413 beyond it); empty when none was sent. */
    private Mono<ManualRegistrations.Document> document(Part part) {
        if (!(part instanceof FilePart file) || file.filename().isBlank()) {
            return Mono.empty();
        }
        int limit = Math.toIntExact(properties.maxAttachmentSize().toBytes());
        String type = Optional.ofNullable(file.headers().getContentType()).map(MediaType::toString)
                .orElse(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        if (!properties.attachmentTypes().contains(type.split(";")[0].strip())) {
            return Mono.error(Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "attachment type " + type
                    + " is not accepted; send one of " + String.join(", ", properties.attachmentTypes())));
        }
        return DataBufferUtils.join(file.content(), limit)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return new ManualRegistrations.Document(file.filename(), type, bytes);
                })
                .onErrorMap(DataBufferLimitException.class, e -> Problems.of(HttpStatus.CONTENT_TOO_LARGE,
                        "attachment is larger than " + properties.maxAttachmentSize().toMegabytes() + " MB"));
    }
}

package io.firstline.platform.web;

import java.util.LinkedHashMap;
import java.util.Map;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}, both for admins): every
 * operation gets who may call it ({@link ApiRoles}, also as {@code x-firstline-roles}), its security (bearer token
 * or session cookie; webhooks their channel's signature) and its RFC 9457 problem+json errors.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocs {

    static final String PROBLEM = "application/problem+json";

    @Bean
    OpenAPI firstlineOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Firstline API").version("v1")
                        .description("Omnichannel contact-center backend. Errors are RFC 9457 application/problem+json "
                                + "with a detail that says what was wrong. Log in with POST /api/v1/auth/login and send "
                                + "the token as a bearer token (or the HttpOnly cookie it sets). Webhooks are "
                                + "authenticated by their channel's own signature: see channels/<channel>/README.md."))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT"))
                        .addSecuritySchemes("cookie", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.COOKIE).name("FIRSTLINE_TOKEN"))
                        .addSchemas("Problem", problemSchema()));
    }

    /** The functional routes (wallboard figures) and every operation's roles, security and errors. */
    @Bean
    OpenApiCustomizer firstlineOperations() {
        return openApi -> {
            FunctionalRoutes.add(openApi);
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                    describe(method.name(), path, operation)));
        };
    }

    private static void describe(String method, String path, Operation operation) {
        ApiRoles.Access access = ApiRoles.of(method, path);
        operation.addExtension("x-firstline-roles", access.roles());
        String who = "Who: " + access.roles() + ".";
        operation.setDescription(operation.getDescription() == null ? who : operation.getDescription() + "\n\n" + who);
        if (access.channelDocs() != null) {
            operation.setDescription(operation.getDescription() + " Contract, signature and sample payloads: "
                    + access.channelDocs() + ".");
        }
        if (access.tokenRequired()) {
            operation.addSecurityItem(new SecurityRequirement().addList("bearer"));
            operation.addSecurityItem(new SecurityRequirement().addList("cookie"));
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("400", "Bad input: what was wrong is in detail; nothing changed");
        if (access.tokenRequired()) {
            errors.put("401", "No valid token");
            errors.put("403", "The caller's role (or a foreign Origin with the cookie) does not allow this");
        }
        if (access.channelDocs() != null) {
            errors.put("401", "The signature does not verify; nothing stored");
            errors.put("413", "The body is larger than the channel's limit");
            errors.put("503", "Not stored (intake full or broker unavailable); retry after Retry-After");
        }
        if (path.contains("{")) {
            errors.put("404", "No such resource");
        }
        if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            errors.put("409", "The resource's state does not allow this now");
        }
        errors.forEach((status, description) -> {
            if (!responses.containsKey(status)) {
                responses.addApiResponse(status, problem(description));
            }
        });
        operation.setResponses(responses);
    }

    static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM,
                new MediaType().schema(new ObjectSchema().$ref("#/components/schemas/Problem"))));
    }

    private static ObjectSchema problemSchema() {
        ObjectSchema schema = new ObjectSchema();
        schema.setDescription("RFC 9457 problem details");
        schema.addProperty("type", new StringSchema());
        schema.addProperty("title", new StringSchema());
        schema.addProperty("status", new IntegerSchema());
        schema.addProperty("detail", new StringSchema().description("what was wrong"));
        schema.addProperty("instance", new StringSchema());
        return schema;
    }

    /** The functional endpoints of the wallboard, which springdoc does not see on its own. */
    static final class FunctionalRoutes {

        private FunctionalRoutes() {
        }

        static void add(OpenAPI openApi) {
            get(openApi, "/api/v1/wallboard", "Live figures per queue and channel, agents and SLA (the wallboard)");
            get(openApi, "/api/v1/queues/summary", "Per queue and channel: waiting, longest wait, service level, ASA, "
                    + "abandon rate");
        }

        private static void get(OpenAPI openApi, String path, String summary) {
            if (openApi.getPaths() == null || openApi.getPaths().containsKey(path)) {
                return;
            }
            openApi.getPaths().addPathItem(path, new PathItem().get(new Operation().summary(summary)
                    .operationId(path.replaceAll("[^a-zA-Z]", "_"))
                    .responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("the figures")
                            .content(new Content().addMediaType("application/json",
                                    new MediaType().schema(new ObjectSchema())))))));
        }
    }
}

package io.firstline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import io.firstline.support.AppTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document lists every REST endpoint the app serves (controllers and functional routes), each with
 * who may call it and its problem+json errors; it and Swagger UI are for admins.
 */
class ApiDocsTest extends AppTestBase {

    @Autowired
    private ApplicationContext context;

    private JsonNode document() {
        return http.get().uri("/v3/api-docs").headers(h -> h.setBearerAuth(login("admin")))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void everyControllerAndRouteEndpointIsInTheDocument() {
        Set<String> served = new TreeSet<>();
        context.getBeansOfType(RequestMappingHandlerMapping.class).values().forEach(mapping ->
                mapping.getHandlerMethods().keySet().forEach(info -> info.getPatternsCondition().getPatterns()
                        .forEach(pattern -> info.getMethodsCondition().getMethods().forEach(method ->
                                served.add(method.name() + " " + pattern.getPatternString())))));
        context.getBeansOfType(RouterFunctionMapping.class).values().forEach(mapping -> {
            RouterFunction<?> routes = mapping.getRouterFunction();
            if (routes != null) {
                routes.accept(new RouteCollector(served));
            }
        });
        served.removeIf(endpoint -> !endpoint.contains(" /api/") && !endpoint.contains(" /webhooks/"));
        // OpenAPI names a path variable without its pattern: {kind:daily|weekly} is {kind} in the document.
        Set<String> withoutPatterns = new TreeSet<>();
        served.forEach(endpoint -> withoutPatterns.add(endpoint.replaceAll("\\{(\\w+):[^}]*}", "{$1}")));

        JsonNode paths = document().get("paths");
        Set<String> documented = new TreeSet<>();
        paths.propertyNames().forEach(path -> paths.get(path).propertyNames().forEach(method ->
                documented.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path)));

        assertThat(withoutPatterns).hasSizeGreaterThan(30);
        assertThat(documented).as("endpoints missing from /v3/api-docs").containsAll(withoutPatterns);
    }

    @Test
    void everyOperationSaysWhoMayCallItAndItsProblemJsonErrors() {
        JsonNode paths = document().get("paths");
        paths.propertyNames().forEach(path -> paths.get(path).propertyNames().forEach(method -> {
            JsonNode operation = paths.get(path).get(method);
            String name = method.toUpperCase(java.util.Locale.ROOT) + " " + path;
            assertThat(ApiRoles.find(method.toUpperCase(java.util.Locale.ROOT), path)).as(name + " in ApiRoles").isPresent();
            assertThat(operation.get("x-firstline-roles").asString()).as(name).isNotBlank();
            assertThat(operation.get("description").asString()).as(name).contains("Who: ");
            assertThat(operation.get("responses").get("400").get("content").has(ApiDocs.PROBLEM)).as(name).isTrue();
            if (path.startsWith("/webhooks/")) {
                assertThat(operation.get("description").asString()).as(name).containsPattern("channels/\\w+/README.md");
                assertThat(operation.has("security")).as(name).isFalse();
            } else if (!path.equals("/api/v1/auth/login") && !path.equals("/api/v1/chat/sessions")) {
                assertThat(operation.get("responses").get("401").get("content").has(ApiDocs.PROBLEM)).as(name).isTrue();
                assertThat(operation.get("security").toString()).as(name).contains("bearer");
            }
        }));
    }

    @Test
    void theDocumentAndSwaggerUiAreForAdmins() {
        http.get().uri("/v3/api-docs").exchange().expectStatus().isUnauthorized();
        http.get().uri("/v3/api-docs").headers(h -> h.setBearerAuth(login("agent1"))).exchange().expectStatus().isForbidden();
        http.get().uri("/swagger-ui.html").headers(h -> h.setBearerAuth(login("supervisor1"))).exchange().expectStatus().isForbidden();
        String admin = login("admin");
        http.get().uri("/swagger-ui.html").headers(h -> h.setBearerAuth(admin)).exchange().expectStatus().is3xxRedirection();
        http.get().uri("/v3/api-docs/swagger-config").headers(h -> h.setBearerAuth(admin)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.url").isEqualTo("/v3/api-docs");
        http.get().uri("/webjars/swagger-ui/index.html").exchange().expectStatus().isUnauthorized();
    }

    /**
     * Every file the browser loads for Swagger UI, as an admin: the redirect, the page, each script and stylesheet
     * it references, the initializer, the UI's configuration and the document. BlockHound runs in this JVM, so a
     * blocking read on an event loop while serving one of them is a 500 here.
     */
    @Test
    void swaggerUiServesEveryFileTheBrowserLoads() {
        String admin = login("admin");
        String page = http.get().uri("/swagger-ui.html").headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().is3xxRedirection()
                .returnResult(Void.class).getResponseHeaders().getLocation().getPath();
        assertThat(page).endsWith("/index.html");
        String index = body(page, admin, "text/html");
        assertThat(index).contains("<div id=\"swagger-ui\">");
        String base = page.substring(0, page.lastIndexOf('/') + 1);
        List<String> referenced = java.util.regex.Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(index)
                .results().map(match -> match.group(1)).toList();
        assertThat(referenced).contains("./swagger-ui-bundle.js", "./swagger-initializer.js", "./swagger-ui.css");
        referenced.forEach(file -> assertThat(body(base + file.replaceFirst("^\\./", ""), admin, null))
                .as(file).isNotEmpty());
        assertThat(body(base + "swagger-ui-bundle.js", admin, "javascript")).contains("SwaggerUIBundle");
        assertThat(body(base + "swagger-ui.css", admin, "text/css")).contains(".swagger-ui");
        assertThat(body(base + "swagger-initializer.js", admin, "javascript"))
                .contains("/v3/api-docs/swagger-config").doesNotContain("petstore");
        http.get().uri("/v3/api-docs/swagger-config").headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.url").isEqualTo("/v3/api-docs");
        assertThat(body("/v3/api-docs", admin, "json")).contains("\"openapi\"", "/api/v1/contacts");
        String etag = http.get().uri(base + "swagger-ui.css").headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isOk().returnResult(Void.class).getResponseHeaders().getETag();
        http.get().uri(base + "swagger-ui.css").headers(h -> {
            h.setBearerAuth(admin);
            h.setIfNoneMatch(etag);
        }).exchange().expectStatus().isNotModified();
        http.get().uri(base + "no-such-file.js").headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isNotFound().expectHeader().contentType("application/problem+json");
        http.get().uri(base + "swagger-ui-bundle.js").exchange().expectStatus().isUnauthorized();
        http.get().uri(base + "index.html").headers(h -> h.setBearerAuth(login("supervisor1"))).exchange()
                .expectStatus().isForbidden();
    }

    private String body(String path, String token, String contentType) {
        // The bundle is 1.5 MB, above the client's default in-memory limit.
        var result = http.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build()
                .get().uri(path).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult();
        if (contentType != null) {
            assertThat(String.valueOf(result.getResponseHeaders().getContentType())).as(path).contains(contentType);
        }
        return result.getResponseBody();
    }

    /** Collects "METHOD pattern" of the functional routes (nesting not used by the app's routes). */
    private record RouteCollector(Set<String> served) implements RouterFunctions.Visitor {

        @Override
        public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
            Set<String> methods = new TreeSet<>();
            Set<String> paths = new TreeSet<>();
            predicate.accept(new RequestPredicates.Visitor() {
                @Override public void method(Set<HttpMethod> all) { all.forEach(method -> methods.add(method.name())); }
                @Override public void path(String pattern) { paths.add(pattern); }
                @Override public void pathExtension(String extension) { }
                @Override public void header(String name, String value) { }
                @Override public void queryParam(String name, String value) { }
                @Override public void version(String version) { }
                @Override public void startAnd() { }
                @Override public void and() { }
                @Override public void endAnd() { }
                @Override public void startOr() { }
                @Override public void or() { }
                @Override public void endOr() { }
                @Override public void startNegate() { }
                @Override public void endNegate() { }
                @Override public void unknown(RequestPredicate unknown) { }
            });
            methods.forEach(method -> paths.forEach(path -> served.add(method + " " + path)));
        }

        @Override public void startNested(RequestPredicate predicate) { }
        @Override public void endNested(RequestPredicate predicate) { }
        @Override public void resources(Function<ServerRequest, Mono<Resource>> lookup) { }
        @Override public void attributes(Map<String, Object> attributes) { }
        @Override public void unknown(RouterFunction<?> routerFunction) { }
    }
}

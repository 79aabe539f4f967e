package io.firstline.platform.web;

import java.net.URI;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Swagger UI at {@code /swagger-ui.html} (admins only, SecurityConfig), served from memory ({@link SwaggerUiFiles}):
 * springdoc's own UI serving ({@code springdoc.swagger-ui.enabled=false}) looked up the webjar's version and read
 * each file from the jar on the event loop. springdoc still builds and serves the document itself.
 */
@Configuration(proxyBeanMethods = false)
class SwaggerUi {

    static final String PAGE = "/swagger-ui.html";
    static final String FILES = "/swagger-ui/";

    @Bean
    RouterFunction<ServerResponse> swaggerUiRoutes(@Value("${springdoc.api-docs.path:/v3/api-docs}") String apiDocs) {
        String configUrl = apiDocs + "/swagger-config";
        SwaggerUiFiles files = SwaggerUiFiles.load(configUrl);
        // validatorUrl empty: no badge from the public validator, which would send the document to validator.swagger.io.
        Map<String, String> swaggerConfig = Map.of("configUrl", configUrl, "url", apiDocs, "validatorUrl", "");
        return RouterFunctions.route()
                .GET(PAGE, request -> toIndex())
                .GET(FILES, request -> toIndex())
                .GET(FILES + "{file}", request -> serve(files, request))
                .GET(configUrl, request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(swaggerConfig))
                .build();
    }

    private static Mono<ServerResponse> toIndex() {
        return ServerResponse.status(HttpStatus.FOUND).location(URI.create(FILES + "index.html")).build();
    }

    /** The file from memory, or 304 when the browser's copy is current (it revalidates: the names carry no version). */
    private static Mono<ServerResponse> serve(SwaggerUiFiles files, ServerRequest request) {
        String name = request.pathVariable("file");
        SwaggerUiFiles.File file = files.find(name).orElse(null);
        if (file == null) {
            return Mono.error(Problems.notFound("Swagger UI has no file " + name));
        }
        return request.checkNotModified(file.etag())
                .switchIfEmpty(Mono.defer(() -> ServerResponse.ok()
                        .contentType(file.type())
                        .eTag(file.etag())
                        .cacheControl(CacheControl.noCache())
                        .bodyValue(file.bytes())));
    }
}

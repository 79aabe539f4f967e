package io.firstline.platform.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.util.DigestUtils;
import org.webjars.WebJarVersionLocator;

/**
 * The files of Swagger UI that its page loads, read once from the swagger-ui webjar into memory, and its initializer
 * pointing at this app's document. Looking up the webjar's version and reading a file from a jar both block, so they
 * happen here, at start-up, and never per request (about 2 MB, fixed for the app's lifetime).
 */
final class SwaggerUiFiles {

    /** One file as served: its bytes, type and an ETag (a hash of the bytes) for conditional requests. */
    record File(byte[] bytes, MediaType type, String etag) {
    }

    /** What index.html references, except the initializer, which is ours. */
    private static final List<String> FROM_WEBJAR = List.of("index.html", "index.css", "swagger-ui.css",
            "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "favicon-32x32.png", "favicon-16x16.png");

    static final String INITIALIZER = "swagger-initializer.js";

    private static final MediaType JAVASCRIPT = new MediaType("text", "javascript", StandardCharsets.UTF_8);

    private final Map<String, File> files;

    private SwaggerUiFiles(Map<String, File> files) {
        this.files = Map.copyOf(files);
    }

    /** Reads the webjar's files (blocking: call at start-up only); the initializer loads {@code configUrl}. */
    static SwaggerUiFiles load(String configUrl) {
        String version = new WebJarVersionLocator().version("swagger-ui");
        if (version == null) {
            throw new IllegalStateException("the swagger-ui webjar is not on the class path");
        }
        Map<String, File> files = new LinkedHashMap<>();
        for (String name : FROM_WEBJAR) {
            files.put(name, file(read("META-INF/resources/webjars/swagger-ui/" + version + "/" + name), type(name)));
        }
        files.put(INITIALIZER, file(initializer(configUrl).getBytes(StandardCharsets.UTF_8), JAVASCRIPT));
        return new SwaggerUiFiles(files);
    }

    Optional<File> find(String name) {
        return Optional.ofNullable(files.get(name));
    }

    /**
     * The webjar's initializer shows the petstore; this one takes the document's URL (and the UI's options) from
     * the configuration endpoint, as springdoc's rewritten initializer did.
     */
    static String initializer(String configUrl) {
        return """
                window.onload = function() {
                  window.ui = SwaggerUIBundle({
                    configUrl: "%s",
                    dom_id: "#swagger-ui",
                    deepLinking: true,
                    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
                    layout: "StandaloneLayout"
                  });
                };
                """.formatted(ProblemResponses.json(configUrl));
    }

    private static byte[] read(String path) {
        try {
            return new ClassPathResource(path).getContentAsByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Swagger UI file missing from the webjar: " + path, e);
        }
    }

    private static File file(byte[] bytes, MediaType type) {
        return new File(bytes, type, "\"" + DigestUtils.md5DigestAsHex(bytes) + "\"");
    }

    private static MediaType type(String name) {
        if (name.endsWith(".html")) {
            return new MediaType("text", "html", StandardCharsets.UTF_8);
        }
        if (name.endsWith(".css")) {
            return new MediaType("text", "css", StandardCharsets.UTF_8);
        }
        if (name.endsWith(".js")) {
            return JAVASCRIPT;
        }
        if (name.endsWith(".png")) {
            return MediaType.IMAGE_PNG;
        }
        throw new IllegalArgumentException("no media type for " + name);
    }
}

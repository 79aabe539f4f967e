package io.firstline.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.firstline.intake.kafka.KafkaTestBroker;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.PrometheusScrape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The boards and alerts against the real thing: the demo (Kafka mode, on an in-JVM broker, with its simulator
 * posting signed webhooks on all four channels and two agents taking offers and replying), scraped every second by
 * Debian's Prometheus with the alert rules loaded; then every panel's and every alert's expression is queried
 * through Prometheus's HTTP API and must return series.
 */
@TestPropertySource(properties = {
        "firstline.db.name=firstline_test_dashboards",
        "firstline.simulator.enabled=true",
        "firstline.simulator.rate-per-minute=600",
        "firstline.simulator.start-delay=0s",
        // The agents below answer between Prometheus queries: give them the production offer time, not the tests' 2 s.
        "firstline.routing.offer-timeout=20s",
        "firstline.routing.phone-offer-timeout=20s",
        "firstline.kafka.partitions=2",
        "firstline.kafka.commit-interval=200ms",
        "firstline.kafka.lag-interval=1s",
        "firstline.kafka.shutdown-timeout=3s",
        "logging.level.kafka=WARN",
        "logging.level.state.change.logger=WARN"})
@DirtiesContext
class DashboardsLiveTest extends AppTestBase {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final Path WORK = Path.of("target/prometheus-live");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final KafkaTestBroker BROKER = KafkaTestBroker.start();
    /** The demo web-chat account's chat backend: takes every reply (202), so replies are timed as sent. */
    private static final DisposableServer CHAT_BACKEND = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.post("/replies", (request, response) -> request.receive().then(response.status(202).send())))
            .bindNow();
    private static boolean brokerTiedToContext;

    @Autowired
    private ConfigurableApplicationContext applicationContext;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process prometheus;

    @DynamicPropertySource
    static void kafkaAndChatBackend(DynamicPropertyRegistry registry) {
        registry.add("firstline.kafka.bootstrap-servers", BROKER::bootstrapServers);
        registry.add("firstline.channels.webchat.accounts.demo.reply-url",
                () -> "http://127.0.0.1:" + CHAT_BACKEND.port() + "/replies");
    }

    @AfterAll
    static void stopChatBackend() {
        CHAT_BACKEND.disposeNow();
    }

    @AfterEach
    void stopPrometheus() {
        if (prometheus != null) {
            prometheus.destroy();
        }
    }

    @Test
    void everyPanelAndAlertExpressionReturnsDataFromTheRunningDemo() throws Exception {
        String binary = Tools.require("prometheus", "prometheus");
        tieBrokerToContext();
        int prometheusPort = freePort();
        prometheus = startPrometheus(binary, prometheusPort);
        String api = "http://127.0.0.1:" + prometheusPort;
        awaitReady(api);

        List<String> agents = List.of("agent1", "agent2");
        Map<String, String> tokens = new LinkedHashMap<>();
        Map<String, ConsoleSocket> consoles = new LinkedHashMap<>();
        for (String agent : agents) {
            String token = login(agent);
            tokens.put(agent, token);
            consoles.put(agent, console(token)); // before it is available, so every offer arrives as a frame
            setState(token, "available");
        }

        Map<String, String> queries = DashboardQueries.all();
        Map<String, String> missing = new LinkedHashMap<>(queries);
        Set<String> handledOffers = new HashSet<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        long nextReport = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            consoles.forEach((agent, console) -> takeOffers(tokens.get(agent), console, handledOffers));
            if (scrapes(api) >= 5) {
                missing.entrySet().removeIf(query -> {
                    consoles.forEach((agent, console) -> takeOffers(tokens.get(agent), console, handledOffers));
                    return hasData(api, query.getValue());
                });
            }
            if (System.nanoTime() > nextReport) {
                nextReport = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                System.out.println("DashboardsLiveTest: " + missing.size() + " expressions without data yet: " + missing.keySet());
            }
            pause();
        }
        screenshots(api);
        assertThat(queries).hasSizeGreaterThanOrEqualTo(30);
        assertThat(missing).as("expressions without data after " + DEADLINE.toSeconds() + " s of demo traffic "
                + "(Prometheus log: " + WORK.resolve("prometheus.log") + ")").isEmpty();
    }

    /**
     * With -Dscreenshots=true: each board as Prometheus's own graph page renders it (one graph per panel, its targets
     * joined with {@code or} and labelled by legend), written to docs/&lt;board uid&gt;.png (Grafana is not in Debian).
     */
    private void screenshots(String api) throws IOException {
        if (!Boolean.getBoolean("screenshots")) {
            return;
        }
        // Debian's (classic) graph page reads at most ten graphs from its URL: larger boards take several pages.
        Map<String, List<String>> pages = new LinkedHashMap<>();
        DashboardQueries.boardPanels().forEach((uid, all) -> {
            for (int from = 0, page = 1; from < all.size(); from += 9, page++) {
                pages.put(page == 1 ? uid : uid + "-" + page, all.subList(from, Math.min(all.size(), from + 9)));
            }
        });
        for (Map.Entry<String, List<String>> board : pages.entrySet()) {
            StringBuilder url = new StringBuilder(api + "/graph?");
            List<String> panels = board.getValue();
            for (int i = 0; i < panels.size(); i++) {
                url.append("g").append(i).append(".expr=").append(URLEncoder.encode(panels.get(i), StandardCharsets.UTF_8))
                        .append("&g").append(i).append(".tab=0&g").append(i).append(".range_input=1m&");
            }
            Path profile = Files.createTempDirectory("firstline-chromium-");
            org.openqa.selenium.chrome.ChromeOptions options = new org.openqa.selenium.chrome.ChromeOptions();
            options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--window-size=1400," + (200 + 500 * panels.size()), "--user-data-dir=" + profile);
            org.openqa.selenium.chrome.ChromeDriver driver = new org.openqa.selenium.chrome.ChromeDriver(
                    new org.openqa.selenium.chrome.ChromeDriverService.Builder()
                            .usingDriverExecutable(Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")).toFile())
                            .usingAnyFreePort().build(), options);
            try {
                driver.get(url.toString());
                // Debian ships the classic UI: a graph has a rickshaw y axis once drawn, and a spinner while loading.
                var wait = new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(30));
                wait.until(d -> d.findElements(org.openqa.selenium.By.cssSelector(".y_axis")).size() >= 1);
                wait.until(d -> d.findElements(org.openqa.selenium.By.cssSelector(".spinner")).stream()
                        .noneMatch(org.openqa.selenium.WebElement::isDisplayed));
                driver.executeScript("document.activeElement.blur(); window.scrollTo(0, 0);");
                Files.write(Path.of("docs", board.getKey() + ".png"),
                        driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            } finally {
                driver.quit();
            }
        }
    }

    /** An agent accepts each new offer, replies to the customer and resolves the contact, freeing the slot. */
    private void takeOffers(String token, ConsoleSocket console, Set<String> handled) {
        for (JsonNode frame : console.received()) {
            if (!"offer".equals(frame.path("type").asString())) {
                continue;
            }
            JsonNode data = frame.get("data");
            if (!handled.add(data.get("offerId").asString())) {
                continue;
            }
            long contactId = data.get("contactId").asLong();
            int accepted = http.post().uri("/api/v1/offers/" + data.get("offerId").asString() + "/accept")
                    .headers(h -> h.setBearerAuth(token)).exchange().returnResult(String.class).getStatus().value();
            if (accepted == 200 && "webchat".equals(data.get("channel").asString())) {
                http.post().uri("/api/v1/contacts/" + contactId + "/messages").headers(h -> h.setBearerAuth(token))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "We are on it."))
                        .exchange().returnResult(String.class);
            }
            if (accepted == 200) {
                http.post().uri("/api/v1/contacts/" + contactId + "/resolve").headers(h -> h.setBearerAuth(token))
                        .exchange().returnResult(String.class);
            }
        }
    }

    private Process startPrometheus(String binary, int port) throws IOException {
        Files.createDirectories(WORK);
        Path config = WORK.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: firstline
                    metrics_path: /actuator/prometheus
                    basic_auth:
                      username: %s
                      password: %s
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(DashboardQueries.ALERTS.toAbsolutePath(), PrometheusScrape.USER, PrometheusScrape.PASSWORD,
                this.port));
        Path data = WORK.resolve("data-" + port);
        return new ProcessBuilder(binary, "--config.file=" + config.toAbsolutePath(),
                "--storage.tsdb.path=" + data.toAbsolutePath(), "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=1h")
                .redirectErrorStream(true).redirectOutput(WORK.resolve("prometheus.log").toFile()).start();
    }

    private void awaitReady(String api) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(api + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            assertThat(prometheus.isAlive()).as("Prometheus is running (log: " + WORK.resolve("prometheus.log") + ")").isTrue();
            pause();
        }
        throw new AssertionError("Prometheus was not ready within 30 s");
    }

    /** Successful scrapes of the app in the last minute. */
    private int scrapes(String api) {
        JsonNode result = query(api, "sum_over_time(up{job=\"firstline\"}[1m])");
        return result.isEmpty() ? 0 : (int) Double.parseDouble(result.get(0).get("value").get(1).asString());
    }

    private boolean hasData(String api, String expression) {
        return !query(api, expression).isEmpty();
    }

    private JsonNode query(String api, String expression) {
        URI uri = URI.create(api + "/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("status").asString()).as(expression + " → " + response.body()).isEqualTo("success");
            return body.get("data").get("result");
        } catch (IOException e) {
            throw new AssertionError("querying Prometheus failed: " + expression, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void tieBrokerToContext() {
        if (!brokerTiedToContext) {
            brokerTiedToContext = true;
            ((DefaultListableBeanFactory) applicationContext.getBeanFactory()).registerDisposableBean("kafkaTestBroker", BROKER::close);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500); // between polls, bounded by the deadline of each loop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

package io.firstline.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * kill -9 in the middle of intake: the app runs as a JVM of its own (this build's classes), signed web-chat webhooks
 * are posted to it with several in flight, and once about half are acknowledged the process is killed with SIGKILL.
 * After a restart the sender replays every message it got no 202 for; in the end each message, acknowledged or
 * replayed, is stored exactly once and none acknowledged is missing.
 */
class KillNineReconciliationTest {

    private static final int MESSAGES = 300;
    private static final int IN_FLIGHT = 16;
    private static final String DATABASE = "firstline_test_faults";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopTheApp() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void everyAcknowledgedMessageIsStoredExactlyOnceAfterAKillAndTheReplay() throws Exception {
        int port = freePort();
        Process first = startApp(port, true, "kill9-first");
        awaitReady(port, first);

        String run = UUID.randomUUID().toString().substring(0, 8);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int s = 0; s < IN_FLIGHT; s++) {
            senders.add(CompletableFuture.runAsync(() -> {
                for (int i; (i = next.getAndIncrement()) < MESSAGES; ) {
                    String id = id(run, i);
                    if (post(port, id, i) == 202) {
                        acknowledged.add(id);
                    }
                    if (acknowledged.size() >= MESSAGES / 2 && first.isAlive()) {
                        first.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful drain
                    }
                }
            }));
        }
        CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).join();
        first.waitFor();
        assertThat(first.exitValue()).isEqualTo(137); // 128 + SIGKILL
        assertThat(acknowledged).hasSizeBetween(MESSAGES / 2, MESSAGES - 1);

        Process second = startApp(port, false, "kill9-second");
        awaitReady(port, second);
        int replayed = 0;
        for (int i = 0; i < MESSAGES; i++) {
            if (!acknowledged.contains(id(run, i))) {
                assertThat(post(port, id(run, i), i)).as("replay of %s", id(run, i)).isEqualTo(202);
                replayed++;
            }
        }
        System.out.printf("kill -9 reconciliation: %d messages, %d acknowledged before the kill, %d replayed after the restart%n",
                MESSAGES, acknowledged.size(), replayed);

        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + dbPort() + "/" + DATABASE, "postgres", "")) {
            ResultSet stored = db.createStatement().executeQuery("SELECT external_id, count(*) FROM message WHERE external_id LIKE 'kill9-"
                    + run + "-%' GROUP BY external_id");
            int distinct = 0;
            while (stored.next()) {
                distinct++;
                assertThat(stored.getLong(2)).as("copies of %s", stored.getString(1)).isEqualTo(1);
            }
            assertThat(distinct).isEqualTo(MESSAGES);
        }
    }

    private static String id(String run, int i) {
        return "kill9-" + run + "-" + i;
    }

    private int post(int port, String id, int i) {
        String body = Webhooks.body("visitor-" + id.substring(0, 14) + "-" + (i % 20), "message " + i, null);
        long now = Webhooks.now();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/webchat/demo"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", Webhooks.signature(Webhooks.DEMO_SECRET, id, now, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException refusedOrCut) {
            return -1; // not acknowledged: the sender replays it later
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private Process startApp(int port, boolean fresh, String name) throws IOException {
        Path log = Path.of("target", "faults", name + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", classpath(), "io.firstline.FirstlineApplication",
                "--server.port=" + port, "--server.address=127.0.0.1", "--spring.profiles.active=demo",
                "--firstline.db.host=127.0.0.1", "--firstline.db.port=" + dbPort(), "--firstline.db.name=" + DATABASE,
                "--firstline.db.clean-on-start=" + fresh, "--spring.flyway.clean-disabled=false",
                "--firstline.simulator.enabled=false"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        return process;
    }

    private void awaitReady(int port, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("the app process is running (see target/faults/*.log)").isTrue();
            try {
                if (client.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200); // pause between polls, bounded by the deadline
        }
        throw new AssertionError("the app was not ready within 120 s");
    }

    /**
     * This build's classes and dependencies as Surefire gives them to the test JVM, without the test classes (their
     * test configurations, such as a movable clock, must not be picked up by the app's component scan).
     */
    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String path = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return String.join(File.pathSeparator, java.util.Arrays.stream(path.split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith("test-classes")).toList());
    }

    private static String dbPort() {
        String port = System.getenv("FIRSTLINE_DB_PORT");
        return port == null || port.isBlank() ? "5432" : port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

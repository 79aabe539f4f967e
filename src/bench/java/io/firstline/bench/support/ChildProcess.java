package io.firstline.bench.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.firstline.bench.BenchEnvironment;

/**
 * A JVM started by a suite as its own process on the bench JVM's classpath (the app under test, the bare
 * endpoint), its output in {@code target/bench/<name>.log}. {@link #close()} stops it (SIGTERM, then SIGKILL);
 * a shutdown hook does the same if the bench JVM is stopped first, so nothing is left running.
 */
public final class ChildProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;
    private final Thread hook;

    private ChildProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
        this.hook = new Thread(() -> kill(Duration.ofSeconds(5)), "stop-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts {@code java <jvmArgs> -cp <classpath> <mainClass> <args>}; the caller then waits for readiness. */
    public static ChildProcess start(BenchEnvironment environment, String name, List<String> jvmArgs, String mainClass,
                                     List<String> args, int port) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(environment.javaCommand());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(environment.classpath());
        command.add(mainClass);
        command.addAll(args);
        Path log = environment.projectDir().resolve("target/bench/" + name + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ChildProcess(name, process, log, port);
    }

    /**
     * Starts the Firstline application on a free port with its own database (wiped at start), the {@code demo}
     * profile (its seeded workspace, queues and accounts) with the simulator and the demo history off, and the given extra arguments;
     * returns once {@code /actuator/health/readiness} answers 200. {@code -Dbench.app.classes=<dir>} runs another
     * build's classes instead of this one's (same dependencies), e.g. an earlier commit for a before/after run.
     */
    public static ChildProcess startApp(BenchEnvironment environment, String name, String database, List<String> extraArgs)
            throws IOException, InterruptedException {
        int port = Ports.free();
        List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--spring.profiles.active=demo", "--server.address=127.0.0.1",
                "--firstline.db.host=127.0.0.1", "--firstline.db.name=" + database, "--firstline.db.clean-on-start=true",
                "--spring.flyway.clean-disabled=false", "--firstline.simulator.enabled=false",
                // Without the demo's 90 days of history: its roll-up ran in the background for about 80 s after
                // ready, inside the measured phases, and took a varying share of the shared cores (4 December).
                // The reports suite has its own history and start.
                "--firstline.demo.history-days=0"));
        args.addAll(extraArgs);
        // -Dbench.app.jvm="-XX:StartFlightRecording=filename=target/bench/app.jfr" profiles the app under the load.
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
        String extraJvm = System.getProperty("bench.app.jvm", "").strip();
        if (!extraJvm.isEmpty()) {
            jvm.addAll(List.of(extraJvm.split("\\s+")));
        }
        // Never the test classes (BenchEnvironment.forApp).
        ChildProcess app = start(environment.forApp(), name, jvm,
                "io.firstline.FirstlineApplication", args, port);
        app.awaitReady("/actuator/health/readiness", Duration.ofSeconds(120));
        return app;
    }

    /** Starts the {@link BareEndpoint} baseline on a free port and waits until it answers. */
    public static ChildProcess startBare(BenchEnvironment environment, String name) throws IOException, InterruptedException {
        int port = Ports.free();
        ChildProcess bare = start(environment, name, List.of("-Xmx1g"), BareEndpoint.class.getName(),
                List.of(Integer.toString(port)), port);
        bare.awaitReady("/actuator/health/readiness", Duration.ofSeconds(30));
        return bare;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    /** Polls {@code path} until it answers 200; fails with the end of the log if the process dies or time runs out. */
    public Duration awaitReady(String path, Duration timeout) throws InterruptedException, IOException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready:\n" + tail(40));
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException(name + " not ready within " + timeout + ":\n" + tail(40));
    }

    /** Polls the TCP port until it accepts a connection (a child that speaks no HTTP, e.g. the Kafka broker). */
    public Duration awaitListening(Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it listened:\n" + tail(40));
            }
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
                return Duration.ofNanos(System.nanoTime() - started);
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException(name + " not listening on " + port + " within " + timeout + ":\n" + tail(40));
    }

    /** SIGKILL, as a crash: no shutdown hook, no goodbye to Kafka. Returns once the process is gone. */
    public void crash() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The last lines of the child's log (for error messages). */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void kill(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill(Duration.ofSeconds(20));
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}

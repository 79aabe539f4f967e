package io.firstline.bench.startup;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import io.firstline.bench.BenchEnvironment;
import io.firstline.bench.BenchSuite;

/**
 * Start-up to readiness (DESIGN §5: ≤ 10 s). Starts the app as its own process, measures process start →
 * {@code GET /actuator/health/readiness} answers UP, the "Started ... in X seconds" line and the process's CPU time
 * at that moment, then stops it. Variants, interleaved round by round so that load from other processes on the
 * machine falls on all of them alike:
 * <ul>
 *   <li>the test classpath ({@code java.class.path} of this JVM, as {@code mvn -Pbench} runs it);</li>
 *   <li>the runtime classpath only (the app's classes as a jar plus its runtime dependencies, what
 *       {@code java -jar} of the packaged app loads), without and with a dynamic CDS archive that this suite trains
 *       first ({@code -XX:ArchiveClassesAtExit} with {@code -Dspring.context.exit=onRefresh});</li>
 *   <li>optionally {@code -Dbench.startup.compare=<classes dir or jar>}: another build of the app's classes on the
 *       test classpath (for before/after comparisons of start-up changes in the same run), named in the table by
 *       {@code -Dbench.startup.compare.label=...}.</li>
 * </ul>
 * Each variant starts once with a fresh (dropped) database, {@code bench.startup.rounds} (3) times with an
 * existing one, and once more after {@code bench.startup.waiting} (10,000; 0 skips it) web-chat contacts were
 * put in the queue, which routing restores before the app is ready. Baselines in the same run: {@code java -version} and a bare main on the app's classpath.
 */
public final class StartupSuite implements BenchSuite {

    static final String DB_NAME = "firstline_bench_startup";
    private static final Pattern STARTED = Pattern.compile(
            "Started FirstlineApplication in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");
    private static final Duration READY_DEADLINE = Duration.ofSeconds(180);
    private static final String APP_MAIN = "io.firstline.FirstlineApplication";

    private final List<Process> live = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public String run(BenchEnvironment environment) throws Exception {
        Thread killer = new Thread(() -> live.forEach(Process::destroyForcibly), "startup-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            return measure(environment);
        } finally {
            live.forEach(StartupSuite::stop);
            Runtime.getRuntime().removeShutdownHook(killer);
        }
    }

    private String measure(BenchEnvironment environment) throws Exception {
        int rounds = Integer.getInteger("bench.startup.rounds", 3);
        Path work = environment.projectDir().resolve("target/bench/startup");
        Files.createDirectories(work);
        String java = environment.javaCommand();
        String testClasspath = environment.classpath();

        Path appJar = work.resolve("firstline-app.jar");
        jar(classesDirectory(testClasspath), appJar);
        List<String> runtimeJars = runtimeJars(environment.projectDir(), testClasspath);
        String runtimeClasspath = Stream.concat(Stream.of(appJar.toString()), runtimeJars.stream())
                .collect(Collectors.joining(File.pathSeparator));
        Path archive = work.resolve("firstline.jsa");

        Map<String, Variant> variants = new LinkedHashMap<>();
        variants.put("test", new Variant("App, test classpath (" + entries(testClasspath) + " entries)",
                List.of("-cp", testClasspath)));
        String compare = System.getProperty("bench.startup.compare", "");
        if (!compare.isBlank()) {
            String compared = replaceClassesDirectory(testClasspath, compare);
            String label = System.getProperty("bench.startup.compare.label", "classes from `" + compare + "`");
            variants.put("compare", new Variant("App, test classpath, " + label, List.of("-cp", compared)));
        }
        variants.put("runtime", new Variant("App, runtime classpath (" + entries(runtimeClasspath) + " jars)",
                List.of("-cp", runtimeClasspath)));
        // -Xshare:on: a start that cannot use the archive fails instead of being measured without it.
        variants.put("cds", new Variant("App, runtime classpath + CDS archive",
                List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-cp", runtimeClasspath)));

        // Baselines: the JVM alone.
        List<Long> versionMs = new ArrayList<>();
        List<Long> bareMs = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            versionMs.add(timeToExit(List.of(java, "-Xmx1g", "-version"), work.resolve("java-version.log")));
            bareMs.add(timeToExit(List.of(java, "-Xmx1g", "-cp", testClasspath, BareMain.class.getName()),
                    work.resolve("bare.log")));
        }

        // CDS training run against an existing database (created and migrated here if missing).
        dropDatabase();
        long trainStart = System.nanoTime();
        int trainExit = runToExit(List.of(java, "-Xmx1g", "-XX:ArchiveClassesAtExit=" + archive,
                "-Dspring.context.exit=onRefresh", "-cp", runtimeClasspath, APP_MAIN,
                "--server.port=" + freePort(), "--firstline.db.name=" + DB_NAME), work.resolve("cds-training.log"));
        long trainMs = (System.nanoTime() - trainStart) / 1_000_000;
        if (trainExit != 0 || !Files.exists(archive)) {
            throw new IllegalStateException("CDS training run failed (exit " + trainExit + "), see "
                    + work.resolve("cds-training.log"));
        }

        // Fresh database, once per variant.
        for (Map.Entry<String, Variant> variant : variants.entrySet()) {
            dropDatabase();
            variant.getValue().fresh = start(java, variant.getValue(), work.resolve(variant.getKey() + "-fresh.log"));
        }
        // Existing database, interleaved rounds.
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, Variant> variant : variants.entrySet()) {
                variant.getValue().existing.add(start(java, variant.getValue(),
                        work.resolve(variant.getKey() + "-existing-" + round + ".log")));
            }
        }
        // Existing database with a backlog: contacts still waiting, which routing restores before readiness.
        int backlog = Integer.getInteger("bench.startup.waiting", 10_000);
        if (backlog > 0) {
            seedWaitingContacts(backlog);
            for (Map.Entry<String, Variant> variant : variants.entrySet()) {
                variant.getValue().backlog = start(java, variant.getValue(), work.resolve(variant.getKey() + "-backlog.log"));
            }
        }
        dropDatabase();
        return table(environment, rounds, versionMs, bareMs, variants, trainMs, Files.size(archive), backlog);
    }

    // ---- one start ----

    private Run start(String java, Variant variant, Path log) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g"));
        command.addAll(variant.jvmArgs);
        command.addAll(List.of(APP_MAIN, "--server.port=" + port, "--firstline.db.name=" + DB_NAME));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        long begin = System.nanoTime();
        Process process = builder.start();
        live.add(process);
        try {
            URI readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
            long deadline = begin + READY_DEADLINE.toNanos();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The app exited with " + process.exitValue() + " before readiness; see " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Not ready within " + READY_DEADLINE + "; see " + log);
                }
                if (isUp(readiness)) {
                    break;
                }
                Thread.sleep(20);
            }
            long readyMs = (System.nanoTime() - begin) / 1_000_000;
            long cpuMs = process.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
            double started = startedSeconds(log);
            System.out.printf(Locale.ROOT, "  %-55s ready %6d ms, Started in %5.2f s, CPU %6d ms%n",
                    log.getFileName(), readyMs, started, cpuMs);
            return new Run(readyMs, started, cpuMs);
        } finally {
            stop(process);
            live.remove(process);
        }
    }

    private boolean isUp(URI readiness) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The "Started ... in X seconds" line; it is logged just before readiness turns UP. */
    private static double startedSeconds(Path log) throws Exception {
        for (int i = 0; i < 100; i++) {
            Matcher matcher = STARTED.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (matcher.find()) {
                return Double.parseDouble(matcher.group(1));
            }
            Thread.sleep(20);
        }
        return Double.NaN;
    }

    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private long timeToExit(List<String> command, Path log) throws Exception {
        long begin = System.nanoTime();
        int exit = runToExit(command, log);
        if (exit != 0) {
            throw new IllegalStateException(command + " exited with " + exit + "; see " + log);
        }
        return (System.nanoTime() - begin) / 1_000_000;
    }

    private int runToExit(List<String> command, Path log) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        live.add(process);
        try {
            if (!process.waitFor(READY_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException(command.get(command.size() - 1) + " did not exit; see " + log);
            }
            return process.exitValue();
        } finally {
            stop(process);
            live.remove(process);
        }
    }

    // ---- database, classpath, ports ----

    /** The test PostgreSQL's port as the app under test reads it ({@code FIRSTLINE_DB_PORT}, 5432 when unset). */
    private static String dbPort() {
        String port = System.getenv("FIRSTLINE_DB_PORT");
        return port == null || port.isBlank() ? "5432" : port;
    }

    private static void dropDatabase() throws SQLException {
        String host = System.getProperty("bench.db.host", "127.0.0.1");
        try (var connection = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + dbPort() + "/postgres",
                System.getProperty("bench.db.user", "postgres"), System.getProperty("bench.db.password", ""));
             var statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DB_NAME + " WITH (FORCE)");
        }
    }

    /** {@code count} web-chat contacts waiting in the queue, each with an inbound message and two deadlines. */
    private static void seedWaitingContacts(int count) throws SQLException {
        String host = System.getProperty("bench.db.host", "127.0.0.1");
        try (var connection = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + dbPort() + "/" + DB_NAME,
                System.getProperty("bench.db.user", "postgres"), System.getProperty("bench.db.password", ""));
             var statement = connection.createStatement()) {
            statement.execute("INSERT INTO customer (workspace_id, display_name) SELECT (SELECT id FROM workspace ORDER BY id LIMIT 1), "
                    + "'Bench customer ' || g FROM generate_series(1, " + count + ") g");
            statement.execute("""
                    INSERT INTO contact (workspace_id, customer_id, channel, queue_id, status, opened_at, updated_at, queued_at)
                    SELECT c.workspace_id, c.id, 'webchat', (SELECT id FROM queue WHERE channel = 'webchat' ORDER BY id LIMIT 1),
                           'queued', now() - interval '1 hour', now(), now() - interval '1 hour'
                    FROM customer c WHERE c.display_name LIKE 'Bench customer %'""");
            statement.execute("""
                    INSERT INTO message (contact_id, channel, external_id, direction, author, body, created_at)
                    SELECT id, 'webchat', 'bench-' || id, 'inbound', 'customer', 'hello ' || id, now() FROM contact""");
            statement.execute("""
                    INSERT INTO contact_deadline (contact_id, name, due_at, warn_at)
                    SELECT id, n, now() + interval '1 day', now() + interval '18 hours'
                    FROM contact, (VALUES ('reply'), ('resolve')) v(n)""");
        }
    }

    /** The directory on the classpath holding the app's main classes (target/classes). */
    private static Path classesDirectory(String classpath) {
        return Arrays.stream(classpath.split(File.pathSeparator)).map(Path::of)
                .filter(entry -> Files.isRegularFile(entry.resolve("io/firstline/FirstlineApplication.class")))
                .findFirst().orElseThrow(() -> new IllegalStateException("No io/firstline/FirstlineApplication.class directory on " + classpath));
    }

    private static String replaceClassesDirectory(String classpath, String replacement) {
        Path classes = classesDirectory(classpath);
        return Arrays.stream(classpath.split(File.pathSeparator))
                .map(entry -> Path.of(entry).equals(classes) ? replacement : entry)
                .collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * The runtime dependencies: target/runtime-classpath.txt (written by the bench profile's
     * dependency:build-classpath, runtime scope), else every jar of the test classpath.
     */
    private static List<String> runtimeJars(Path projectDir, String testClasspath) throws IOException {
        Path listed = projectDir.resolve("target/runtime-classpath.txt");
        String classpath = Files.exists(listed) ? Files.readString(listed, StandardCharsets.UTF_8).strip() : testClasspath;
        return Arrays.stream(classpath.split(File.pathSeparator)).filter(entry -> entry.endsWith(".jar")).toList();
    }

    /** CDS archives classes from jars only (a non-empty directory on the classpath disables it). */
    private static void jar(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.sorted().toList()) {
                String name = classes.relativize(file).toString().replace(File.separatorChar, '/');
                if (name.isEmpty() || name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                if (Files.isDirectory(file)) {
                    jarOut.putNextEntry(new JarEntry(name + "/"));
                } else {
                    jarOut.putNextEntry(new JarEntry(name));
                    Files.copy(file, jarOut);
                }
                jarOut.closeEntry();
            }
        }
    }

    private static int entries(String classpath) {
        return classpath.split(File.pathSeparator).length;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    // ---- report ----

    private static String table(BenchEnvironment environment, int rounds, List<Long> versionMs, List<Long> bareMs,
                                Map<String, Variant> variants, long trainMs, long archiveBytes, int backlog) {
        long bare = median(bareMs);
        StringBuilder out = new StringBuilder();
        out.append("## Start-up to readiness\n\n");
        out.append("`mvn -Pbench -Dbench=startup` (`io.firstline.bench.startup.StartupSuite`): each start is its own process, "
                + "`java -Xmx1g <variant> io.firstline.FirstlineApplication --server.port=<free> --firstline.db.name=" + DB_NAME
                + "` (no profile: the first start creates the database, migrates it and creates the first administrator), "
                + "timed from process start until `GET /actuator/health/readiness` answers UP (polled every 20 ms), "
                + "then stopped. Per variant one start with a fresh (dropped) database, then " + rounds
                + " with the existing one, the variants interleaved round by round, then once each with a backlog of waiting "
                + "contacts (seeded by SQL) that routing restores before readiness. Budget (DESIGN §5): ready ≤ 10 s.\n\n");
        out.append("| Start | Database | Ready (median, min–max) | Spring \"Started in\" | CPU time at ready | App's share over the bare JVM |\n");
        out.append("|---|---|---|---|---|---|\n");
        out.append(String.format(Locale.ROOT, "| Baseline: `java -Xmx1g -version` | — | %s | — | — | — |%n", spread(versionMs)));
        out.append(String.format(Locale.ROOT, "| Baseline: bare `main` on the test classpath | — | %s | — | — | — |%n", spread(bareMs)));
        for (Variant variant : variants.values()) {
            List<Run> fresh = List.of(variant.fresh);
            out.append(row(variant.label, "fresh", fresh, bare));
            out.append(row(variant.label, "existing ×" + variant.existing.size(), variant.existing, bare));
        }
        for (Variant variant : variants.values()) {
            if (variant.backlog != null) {
                out.append(row(variant.label, String.format(Locale.ROOT, "existing, %,d waiting contacts", backlog),
                        List.of(variant.backlog), bare));
            }
        }
        out.append(String.format(Locale.ROOT, "%nCDS archive: trained by one run with `-XX:ArchiveClassesAtExit=firstline.jsa "
                + "-Dspring.context.exit=onRefresh` (exits after the context refresh, before the web server starts) in %.1f s, "
                + "%d MiB; used with `-XX:SharedArchiveFile=firstline.jsa`. It is valid only for the exact classpath and JVM it was "
                + "trained with: rebuild it after every build. CDS needs jars, not class directories, hence the runtime variants "
                + "run the app's classes as one jar.%n", trainMs / 1000.0, archiveBytes / (1024 * 1024)));
        out.append("\nCPU time (user + system of the app's process, all threads, at readiness) is less sensitive than wall time to "
                + "other load on the machine; about half of it is JIT compilation (C1/C2 threads), the rest class loading and "
                + "Spring's start on the main thread. Logs of every start: `target/bench/startup/`.\n");
        return out.toString();
    }

    private static String row(String label, String database, List<Run> runs, long bareMs) {
        List<Long> ready = runs.stream().map(Run::readyMs).toList();
        List<Double> started = runs.stream().map(Run::startedSeconds).sorted().toList();
        List<Long> cpu = runs.stream().map(Run::cpuMs).toList();
        long readyMedian = median(ready);
        return String.format(Locale.ROOT, "| %s | %s | %s | %.2f s | %.1f s | %.2f s |%n", label, database, spread(ready),
                started.get(started.size() / 2), median(cpu) / 1000.0, (readyMedian - bareMs) / 1000.0);
    }

    private static String spread(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        if (sorted.size() == 1) {
            return String.format(Locale.ROOT, "%.2f s", sorted.get(0) / 1000.0);
        }
        return String.format(Locale.ROOT, "**%.2f s** (%.2f–%.2f)", median(sorted) / 1000.0, sorted.get(0) / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private record Run(long readyMs, double startedSeconds, long cpuMs) {
    }

    private static final class Variant {
        final String label;
        final List<String> jvmArgs;
        Run fresh;
        Run backlog;
        final List<Run> existing = new ArrayList<>();

        Variant(String label, List<String> jvmArgs) {
            this.label = label;
            this.jvmArgs = jvmArgs;
        }
    }
}

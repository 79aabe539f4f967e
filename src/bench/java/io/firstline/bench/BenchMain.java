package io.firstline.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * {@code mvn -Pbench -Dbench=NAME[,NAME...]|all}: runs the named suites in order, prints each one's table and
 * writes its section of {@code docs/benchmarks.md} (other sections stay as they were).
 * Suites are found through {@link ServiceLoader}: each is listed in
 * {@code src/bench/resources/META-INF/services/io.firstline.bench.BenchSuite}.
 */
public final class BenchMain {

    /** Run order for "all": the cheap, quiet ones first. */
    static final List<String> ORDER = List.of("router", "startup", "intake", "offer-latency", "websocket", "reports", "cluster");

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String wanted = args.length == 0 ? "all" : args[0];
        Map<String, BenchSuite> suites = suites();
        List<String> names = wanted.equals("all") ? ORDER : List.of(wanted.split(","));
        BenchEnvironment environment = BenchEnvironment.current();
        BenchReport report = new BenchReport(environment.projectDir().resolve("docs/benchmarks.md"));
        List<String> failed = new ArrayList<>();
        for (String name : names) {
            BenchSuite suite = suites.get(name.trim());
            if (suite == null) {
                System.err.println("No benchmark '" + name + "'; known: " + suites.keySet());
                System.exit(2);
            }
            System.out.println("== " + suite.name() + " (" + environment.machine() + ")");
            try {
                String section = suite.run(environment);
                System.out.println(section);
                report.put(suite.name(), section, environment.machine());
            } catch (Exception e) {
                e.printStackTrace();
                failed.add(name);
            }
        }
        if (!failed.isEmpty()) {
            System.err.println("Failed: " + failed);
            System.exit(1);
        }
        System.exit(0);
    }

    private static Map<String, BenchSuite> suites() {
        Map<String, BenchSuite> byName = new LinkedHashMap<>();
        for (BenchSuite suite : ServiceLoader.load(BenchSuite.class)) {
            byName.put(suite.name(), suite);
        }
        return byName;
    }
}

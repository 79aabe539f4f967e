package io.firstline.bench.router;

import io.firstline.bench.BenchEnvironment;
import io.firstline.bench.BenchSuite;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code mvn -Pbench -Dbench=router}: {@link RouterBenchmark} under JMH, the indexed router beside the reference
 * router it replaced, measured in the same run. Short on purpose, one fork each: the indexed router 3 × 1 s warm-up
 * and 5 × 1 s measured; the reference, which takes seconds per op at 10,000 × 10,000, 1 warm-up and 2 measured.
 */
public final class RouterSuite implements BenchSuite {

    static final double BUDGET_MICROS = 50;
    private static final List<String> SIZES = List.of("1000", "10000");

    @Override
    public String name() {
        return "router";
    }

    @Override
    public String run(BenchEnvironment environment) throws Exception {
        List<RunResult> results = new ArrayList<>();
        results.addAll(run("indexed", 3, 5));
        // A reference op at 10,000 x 10,000 takes seconds (three full O(W·A) dispatches): one warm-up, one measured,
        // so the whole suite stays within its share of the ten minutes.
        results.addAll(run("reference", 1, 1));
        Map<String, double[]> scores = new HashMap<>();
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark();
            String key = method.substring(method.lastIndexOf('.') + 1) + "/" + result.getParams().getParam("size")
                    + "/" + result.getParams().getParam("impl");
            scores.put(key, new double[] {result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()});
        }
        StringBuilder md = new StringBuilder();
        md.append("## Router: one routing decision (JMH)\n\n")
                .append("`mvn -Pbench -Dbench=router`: JMH average time, 1 fork per figure; indexed 3 × 1 s warm-up, 5 × 1 s ")
                .append("measured (± is JMH's 99.9 % error); the reference is the previous O(W·A) router (`ReferenceRouter`), ")
                .append("measured in the same run with 1 warm-up and 1 measured iteration (an op takes seconds at 10,000).\n\n")
                .append("| scenario | indexed µs/op | reference µs/op | ratio | DESIGN budget ≤ 50 µs at 10,000 × 10,000 |\n")
                .append("|---|---:|---:|---:|---|\n");
        for (String benchmark : List.of("releaseOfferAccept", "tick")) {
            for (String size : SIZES) {
                double[] indexed = scores.get(benchmark + "/" + size + "/indexed");
                double[] reference = scores.get(benchmark + "/" + size + "/reference");
                String scenario = (benchmark.equals("tick") ? "tick" : "release → offer → accept (+ enqueue)")
                        + ", " + thousands(size) + " waiting × " + thousands(size) + " agents";
                String budget = size.equals("10000") ? (indexed[0] <= BUDGET_MICROS ? "met" : "**not met**") : "—";
                md.append("| ").append(scenario)
                        .append(" | ").append(micros(indexed))
                        .append(" | ").append(micros(reference))
                        .append(" | ").append(ratio(reference[0] / indexed[0]))
                        .append(" | ").append(budget).append(" |\n");
            }
        }
        md.append("\nOne op of release → offer → accept: in a backlog where every agent is AVAILABLE but at capacity, ")
                .append("the next agent releases one place, which makes exactly one offer (to that agent), the agent ")
                .append("accepts it and a like contact joins the backlog: three router calls, each a full dispatch, ")
                .append("so the budget (one decision) is checked against three. One tick: the same backlog, nothing due. ")
                .append("Other sessions share the 2 cores, so absolute figures are noisy; the ratio is same-run.\n");
        return md.toString();
    }

    private static Collection<RunResult> run(String impl, int warmups, int measurements) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(RouterBenchmark.class.getName() + "\\.")
                .param("impl", impl)
                .forks(1)
                .warmupIterations(warmups).warmupTime(TimeValue.seconds(1))
                .measurementIterations(measurements).measurementTime(TimeValue.seconds(1))
                .jvmArgs("-Xms1g", "-Xmx1g")
                .shouldFailOnError(true)
                .build();
        return new Runner(options).run();
    }

    /** With fewer than three iterations JMH gives no error bound. */
    private static String micros(double[] score) {
        String pattern = score[0] >= 100 ? "%,.0f" : "%.2f";
        String value = String.format(Locale.ROOT, pattern, score[0]);
        return Double.isFinite(score[1]) ? value + " ± " + String.format(Locale.ROOT, pattern, score[1]) : value;
    }

    private static String ratio(double ratio) {
        return ratio >= 1_000_000 ? String.format(Locale.ROOT, "%.1f million×", ratio / 1_000_000)
                : String.format(Locale.ROOT, "%,.0f×", ratio);
    }

    private static String thousands(String number) {
        return String.format(Locale.ROOT, "%,d", Integer.parseInt(number));
    }
}

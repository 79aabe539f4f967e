package io.firstline.bench;

/** One benchmark of the suite: runs, prints its table and returns its section of docs/benchmarks.md. */
public interface BenchSuite {

    /** The name given on the command line ({@code -Dbench=NAME}) and used for its section in the report. */
    String name();

    /**
     * Runs the benchmark. The returned Markdown (a heading, the command that produced it, the table and what
     * limits the figures) replaces this suite's section of {@code docs/benchmarks.md}.
     */
    String run(BenchEnvironment environment) throws Exception;
}

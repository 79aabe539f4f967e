package io.firstline.bench.startup;

/** The start-up baseline: a JVM on the app's own classpath that loads one class and exits. */
public final class BareMain {

    private BareMain() {
    }

    public static void main(String[] args) {
        // nothing: the time of this process is the JVM's own share of every start below
    }
}

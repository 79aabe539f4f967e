package io.firstline.intake.kafka;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Whether the brokers answer, for readiness: one long-lived admin client (created at the first check) asks
 * for the cluster's nodes. The Kafka client waits on futures, so the check runs on the bounded elastic scheduler.
 */
final class KafkaBrokerCheck implements AutoCloseable {

    private final KafkaIntakeProperties properties;
    private Admin admin;

    KafkaBrokerCheck(KafkaIntakeProperties properties) {
        this.properties = properties;
    }

    /** The number of brokers the cluster reports; fails when none answers within {@code timeout}. */
    Mono<Integer> brokers(Duration timeout) {
        return Mono.fromCallable(() -> admin()
                        .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                        .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size())
                .subscribeOn(Schedulers.boundedElastic());
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(properties.clientConfig("firstline-intake-health"));
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
    }
}

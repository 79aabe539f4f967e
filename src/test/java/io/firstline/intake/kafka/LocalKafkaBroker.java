package io.firstline.intake.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process) for the demo, from
 * Apache Kafka's own jars on the test classpath, without Docker:
 * {@code mvn -Pkafka-local} (see README, "Kafka mode"). Listens on localhost:9092 (controller
 * 9093); data in {@code target/kafka-local} unless {@code -Dkafka.local.dir=...}.
 */
public final class LocalKafkaBroker {

    private LocalKafkaBroker() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(System.getProperty("kafka.local.dir", "target/kafka-local")).toAbsolutePath();
        String port = System.getProperty("kafka.local.port", "9092");
        String controllerPort = System.getProperty("kafka.local.controller-port", "9093");
        Path logs = dir.resolve("data");
        Path config = dir.resolve("server.properties");
        Files.createDirectories(dir);
        Files.write(config, List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@localhost:" + controllerPort,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logs,
                "num.partitions=6",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false"));
        if (!Files.exists(logs.resolve("meta.properties"))) {
            int formatted = kafka.tools.StorageTool.execute(new String[] {"format", "--config", config.toString(),
                    "--cluster-id", "firstline-local-kafka0", "--ignore-formatted"}, new PrintStream(OutputStream.nullOutputStream()));
            if (formatted != 0) {
                throw new IllegalStateException("could not format " + logs + " (exit " + formatted + ")");
            }
        }
        System.out.println("Kafka (KRaft) on localhost:" + port + ", data in " + logs
                + ". Run Firstline with FIRSTLINE_KAFKA_BOOTSTRAP_SERVERS=localhost:" + port + "; Ctrl-C stops it.");
        kafka.Kafka.main(new String[] {config.toString()});
    }
}

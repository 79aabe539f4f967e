package io.firstline;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class BlockHoundActiveTest {

    @Test
    void blockingOnAParallelThreadFailsTheTest() {
        Mono<String> sleeping = Mono.fromCallable(() -> {
            Thread.sleep(1);
            return "slept";
        }).subscribeOn(Schedulers.parallel());

        StepVerifier.create(sleeping)
                .expectError(BlockingOperationError.class)
                .verify(Duration.ofSeconds(5));
    }
}

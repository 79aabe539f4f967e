package io.firstline.agent;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

@Configuration(proxyBeanMethods = false)
class PasswordCheckScheduler {

    /** Two threads, at most 256 logins waiting (overflow: the login fails fast and can be retried). */
    @Bean(destroyMethod = "dispose")
    Scheduler passwordChecks() {
        return Schedulers.newBoundedElastic(2, 256, "password-check");
    }
}

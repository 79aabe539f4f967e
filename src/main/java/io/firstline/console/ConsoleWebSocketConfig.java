package io.firstline.console;

import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

@Configuration(proxyBeanMethods = false)
class ConsoleWebSocketConfig {

    @Bean
    HandlerMapping consoleWebSocketMapping(ConsoleWebSocketHandler console) {
        return new SimpleUrlHandlerMapping(Map.of("/ws/console", console), -1);
    }
}

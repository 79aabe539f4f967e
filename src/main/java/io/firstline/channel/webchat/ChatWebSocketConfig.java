package io.firstline.channel.webchat;

import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

@Configuration(proxyBeanMethods = false)
class ChatWebSocketConfig {

    @Bean
    HandlerMapping chatWebSocketMapping(ChatWebSocketHandler chat) {
        return new SimpleUrlHandlerMapping(Map.of("/ws/chat", chat), -1);
    }
}

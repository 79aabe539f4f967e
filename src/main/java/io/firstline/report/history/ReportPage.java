package io.firstline.report.history;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** /reports: the page (it logs in and checks the role itself; the API behind it refuses agents). */
@Configuration(proxyBeanMethods = false)
class ReportPage {

    @Bean
    RouterFunction<ServerResponse> reportPageRoute() {
        ClassPathResource page = new ClassPathResource("static/reports.html");
        return RouterFunctions.route()
                .GET("/reports", request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(page))
                .build();
    }
}

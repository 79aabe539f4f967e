package io.firstline.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import io.firstline.support.AppTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code cookie-secure} on (the default outside the demo profile): the session cookie is {@code Secure} and every
 * answer carries HSTS; every page carries the Content-Security-Policy (the browser tests check the pages pass it).
 */
@TestPropertySource(properties = {"firstline.db.name=firstline_test_pages", "firstline.security.cookie-secure=true"})
class SecurityHeadersTest extends AppTestBase {

    @Test
    void thePagesCarryTheContentSecurityPolicyAndHstsWhenTheCookieIsSecure() {
        for (String page : new String[] {"/", "/wallboard.html", "/chat/demo.html", "/chat/firstline-chat.js"}) {
            http.get().uri(page).exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("Content-Security-Policy", SecurityHeaders.CONTENT_SECURITY_POLICY)
                    .expectHeader().valueEquals("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        assertThat(SecurityHeaders.CONTENT_SECURITY_POLICY).contains("script-src 'self';").doesNotContain("unsafe-inline");
        http.get().uri("/api/v1/agents/me").exchange().expectStatus().isUnauthorized()
                .expectHeader().exists("Strict-Transport-Security");
    }

    @Test
    void theSessionCookieIsSecure() {
        http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "agent1", "password", "demo"))
                .exchange().expectStatus().isOk()
                .expectHeader().value(HttpHeaders.SET_COOKIE, cookie -> assertThat(cookie).contains("; Secure"));
    }

    @Test
    void secureIsTheDefaultAndOnlyTheDemoProfileTurnsItOff() {
        assertThat(yaml("application.yaml").getProperty("firstline.security.cookie-secure")).isEqualTo("true");
        assertThat(yaml("application-demo.yaml").getProperty("firstline.security.cookie-secure")).isEqualTo("false");
    }

    private static Properties yaml(String name) {
        YamlPropertiesFactoryBean factory = new YamlPropertiesFactoryBean();
        factory.setResources(new ClassPathResource(name));
        return factory.getObject();
    }
}

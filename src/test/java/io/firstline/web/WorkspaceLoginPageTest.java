package io.firstline.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A user of a second workspace logs in on the console page with the workspace's code (the login form's optional
 * field); without it the same credentials are refused, since the login goes to the default workspace. A database of
 * its own, so the workspace it creates reaches no other test.
 */
@DirtiesContext
@TestPropertySource(properties = "firstline.db.name=firstline_test_workspace_pages")
class WorkspaceLoginPageTest extends BrowserTestBase {

    @Test
    void anAgentOfAnotherWorkspaceLogsInOnTheConsoleWithItsCode() {
        String code = "north-" + UUID.randomUUID().toString().substring(0, 6);
        String admin = login("admin");
        JsonNode created = http.post().uri("/api/v1/workspaces").headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("code", code, "name", "North centre", "timeZone", "Asia/Shanghai"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        String boss = http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "admin", "password", created.get("administrator").get("password").asString(),
                        "workspace", code))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("token").asString();
        String password = http.post().uri("/api/v1/agents").headers(h -> h.setBearerAuth(boss))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "mei", "displayName", "Mei Lin", "role", "agent", "skills", List.of("webchat")))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("credentials").get("password").asString();

        WebDriver refused = browser();
        refused.get(url("/"));
        visible(refused, "#username").sendKeys("mei");
        refused.findElement(By.id("password")).sendKeys(password);
        refused.findElement(By.id("login-button")).click();
        awaitText(refused, "#login-error", "wrong username or password");

        WebDriver console = browser();
        console.get(url("/"));
        visible(console, "#username").sendKeys("mei");
        console.findElement(By.id("password")).sendKeys(password);
        console.findElement(By.id("workspace-code")).sendKeys(code);
        console.findElement(By.id("login-button")).click();
        awaitText(console, "#who", "Mei Lin (agent)");
        awaitText(console, "#link", "live");
    }
}

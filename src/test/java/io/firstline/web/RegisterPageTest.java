package io.firstline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

/** "Register a walk-in / letter" on the console: the agent opens the contact and is its first responder at once. */
class RegisterPageTest extends BrowserTestBase {

    @Test
    void anAgentRegistersAWalkInAndALetterWithItsScanAndHoldsBoth() throws Exception {
        WebDriver page = browser();
        logIn(page, url("/"), "agent3");
        visible(page, "#register-open").click();
        visible(page, "#register-form");

        // Nothing filled in: the problems are shown on the form, nothing is stored.
        long before = count("SELECT count(*) FROM contact");
        page.findElement(By.id("register-submit")).click();
        awaitText(page, "#register-error", "customer.name is required");
        assertThat(count("SELECT count(*) FROM contact")).isEqualTo(before);

        String name = "Chen Jing " + UUID.randomUUID().toString().substring(0, 8);
        page.findElement(By.id("register-name")).sendKeys(name);
        page.findElement(By.id("register-phone")).sendKeys("139 1234 5678");
        page.findElement(By.id("register-text")).sendKeys("投诉: the lift in block 5 has been broken for a week");
        page.findElement(By.id("register-submit")).click();

        awaitText(page, "#conversation h2", name);
        assertThat(page.findElement(By.id("first-responder")).getText()).isEqualTo("Agent Three");
        assertThat(page.findElement(By.id("assignee")).getText()).isEqualTo("Agent Three");
        assertThat(page.findElement(By.cssSelector("#conversation .meta")).getText()).contains("visit").contains("complaint");
        visible(page, "#conversation li[data-deadline='acknowledge'] .countdown");
        assertThat(page.findElement(By.id("register")).isDisplayed()).isFalse();
        long walkIn = count("SELECT c.id FROM contact c JOIN customer cu ON cu.id = c.customer_id WHERE cu.display_name = $1", name);
        awaitText(page, "li[data-contact='" + walkIn + "']", "first responder");

        // A letter, with its scan.
        Path scan = Files.createTempFile("letter-scan-", ".pdf");
        Files.write(scan, "%PDF-1.4 scanned letter".getBytes());
        page.findElement(By.id("register-open")).click();
        new Select(visible(page, "#register-channel")).selectByValue("letter");
        visible(page, "#register-attachment").sendKeys(scan.toAbsolutePath().toString());
        page.findElement(By.id("register-name")).sendKeys(name);
        page.findElement(By.id("register-text")).sendKeys("Please repaint the railings of the footbridge");
        new Select(page.findElement(By.id("register-category"))).selectByValue("suggestion");
        page.findElement(By.id("register-submit")).click();

        await(page, d -> d.findElement(By.cssSelector("#conversation .meta")).getText().contains("letter") ? true : null);
        assertThat(page.findElement(By.cssSelector("#conversation .meta")).getText()).contains("suggestion");
        assertThat(count("SELECT count(*) FROM contact_attachment a JOIN contact c ON c.id = a.contact_id "
                + "JOIN customer cu ON cu.id = c.customer_id WHERE cu.display_name = $1 AND c.channel = 'letter' "
                + "AND a.content_type = 'application/pdf'", name)).isEqualTo(1);
    }
}

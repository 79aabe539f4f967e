package io.firstline.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.springframework.test.context.TestPropertySource;

/**
 * The check every browser test makes when it closes its browsers (no Content-Security-Policy violation in the console)
 * does catch one: an inline style set on a page is refused and logged.
 */
@TestPropertySource(properties = "firstline.db.name=firstline_test_pages")
class ContentSecurityPolicyPageTest extends BrowserTestBase {

    @Test
    void anInlineScriptOrStyleOnAPageIsRefusedAndShowsInTheBrowserLog() {
        WebDriver page = browser();
        page.get(url("/wallboard.html"));
        visible(page, "header h1");
        assertThat(cspViolations(page)).isEmpty();

        ((JavascriptExecutor) page).executeScript(
                "var s = document.createElement('script'); s.textContent = 'window.injected = true'; document.head.appendChild(s);"
                        + "document.body.setAttribute('style', 'background: red');");
        assertThat(((JavascriptExecutor) page).executeScript("return window.injected === true")).isEqualTo(false);
        assertThat(cspViolations(page)).anySatisfy(line -> assertThat(line).contains("script-src"))
                .anySatisfy(line -> assertThat(line).contains("style-src"));
    }
}

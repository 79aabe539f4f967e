package io.firstline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import io.firstline.support.ReportSeed;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.test.context.TestPropertySource;

/** A supervisor opens last week's report on /reports, sees the seeded figures and charts, and downloads the XLSX. */
@TestPropertySource(properties = "firstline.db.name=firstline_test_reports_page")
class ReportsPageTest extends BrowserTestBase {

    @Test
    void aSupervisorSeesLastWeeksFiguresAndDownloadsThemAsXlsx() throws Exception {
        LocalDate lastMonday = LocalDate.now(ReportSeed.ZONE).minusWeeks(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        new ReportSeed(db, lastMonday).seed();
        Path downloads = Files.createTempDirectory("firstline-reports-");
        WebDriver page = browser(downloads);
        page.get(url("/reports"));
        visible(page, "#username").sendKeys("supervisor1");
        page.findElement(By.id("password")).sendKeys("demo");
        page.findElement(By.id("login-button")).click();

        // Without a date the weekly report is last week's (Monday to Sunday).
        awaitText(page, "#title", "weekly report " + lastMonday);
        awaitText(page, "#tile-contacts .value", "4");
        assertThat(page.findElement(By.cssSelector("#tile-complaints .value")).getText()).isEqualTo("1");
        assertThat(page.findElement(By.cssSelector("#tile-repair-on-time .value")).getText()).isEqualTo("50.0 %");
        // The charts are drawn (ECharts from the webjar, no CDN).
        for (String chart : List.of("chart-days", "chart-deadlines", "chart-satisfaction", "chart-causes")) {
            await(page, d -> d.findElements(By.cssSelector("#" + chart + " canvas")).isEmpty() ? null : true);
        }
        // The per-agent table sorts by a column: handled, most first on the second click.
        WebElement handled = page.findElement(By.cssSelector("#agents th[data-key=handled]"));
        handled.click();
        handled.click();
        awaitText(page, "#agents tbody tr:first-child td.handled", "2");
        assertThat(page.findElement(By.cssSelector("#agents tbody tr:first-child")).getAttribute("data-agent")).isEqualTo("agent2");
        ((org.openqa.selenium.JavascriptExecutor) page).executeScript("window.scrollTo(0, 0)");
        screenshot(page, "reports");

        page.findElement(By.id("download-xlsx")).click();
        Path file = await(page, d -> {
            try (var files = Files.list(downloads)) {
                return files.filter(f -> f.toString().endsWith(".xlsx")).findFirst().orElse(null);
            } catch (java.io.IOException e) {
                return null;
            }
        });
        assertThat(file.getFileName().toString()).isEqualTo("report-weekly-" + lastMonday + ".xlsx");
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            Sheet summary = workbook.getSheet("summary");
            assertThat(summary.getRow(6).getCell(0).getStringCellValue()).isEqualTo("contacts");
            assertThat(summary.getRow(6).getCell(1).getNumericCellValue()).isEqualTo(4.0);
            assertThat(workbook.getSheet("complaints by cause").getRow(1).getCell(1).getStringCellValue())
                    .isEqualTo("收费 / billing");
        }
        assertThat(count("SELECT count(*) FROM report_export e JOIN agent a ON a.id = e.agent_id"
                + " WHERE a.username = 'supervisor1' AND e.format = 'xlsx'")).isOne();
    }
}

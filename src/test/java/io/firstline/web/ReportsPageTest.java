package io.firstline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import io.firstline.report.history.ScheduledReports;
import io.firstline.support.ReportSeed;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** A supervisor opens last week's report on /reports, sees the seeded figures and charts, and downloads the XLSX. */
@TestPropertySource(properties = "firstline.db.name=firstline_test_reports_page")
class ReportsPageTest extends BrowserTestBase {

    @Autowired
    ScheduledReports scheduled;

    /**
     * The scheduled reports of the first working day of June 2026 (the daily report on 31 May and the monthly report on
     * May) are announced on a supervisor's console; the alert's link opens the monthly one as archived on /reports.
     */
    @Test
    void aSupervisorIsToldOnTheConsoleWhenTheScheduledReportIsReadyAndOpensIt() {
        WebDriver console = browser();
        logIn(console, url("/"), "supervisor1");
        java.time.Instant due = java.time.LocalDateTime.parse("2026-06-01T08:30").atZone(ReportSeed.ZONE).toInstant();
        assertThat(scheduled.runDue(due).block(WAIT)).hasSize(2);
        long monthly = count("SELECT id FROM report_archive WHERE kind = 'monthly' AND period_from = DATE '2026-05-01'");

        awaitText(console, "#alerts .alert", "The monthly report for 2026-05 is ready");
        awaitText(console, "#alerts .alert", "The daily report for 2026-05-31 is ready");
        WebElement open = await(console, d -> d.findElements(By.cssSelector("#alerts a.report-link")).stream()
                .filter(a -> a.getAttribute("href").endsWith("/reports?archive=" + monthly)).findFirst().orElse(null));
        open.click();

        awaitText(console, "#title", "Archived monthly report 2026-05-01");
        assertThat(console.findElement(By.id("kind")).getAttribute("value")).isEqualTo("monthly");
        assertThat(console.findElement(By.id("from")).getAttribute("value")).isEqualTo("2026-05-01");
        // The page lists what the schedule archived, newest period first.
        awaitText(console, "#archive", "daily 2026-05-31");
        assertThat(console.findElement(By.cssSelector("#archive a[data-archive='" + monthly + "']")).getText())
                .isEqualTo("monthly 2026-05");
    }

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

package io.firstline.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The alert rules are valid for Prometheus, and each alert has a promtool unit test that fires it. */
class AlertRulesTest {

    private static final Path LOGS = Path.of("target/promtool");

    @Test
    void promtoolAcceptsTheRulesAndTheDemoConfig() {
        String promtool = Tools.require("promtool", "prometheus");
        Tools.Result rules = Tools.run(LOGS, "check-rules", promtool, "check", "rules", DashboardQueries.ALERTS.toString());
        assertThat(rules.exitCode()).as(rules.output()).isZero();
        Tools.Result config = Tools.run(LOGS, "check-config", promtool, "check", "config",
                "dashboards/prometheus/prometheus-demo.yml");
        assertThat(config.exitCode()).as(config.output()).isZero();
    }

    @Test
    void everyAlertHasAUnitTestAndTheyPass() throws Exception {
        String promtool = Tools.require("promtool", "prometheus");
        Path tests = Path.of("dashboards/prometheus/tests/firstline-alerts-test.yml");
        Tools.Result result = Tools.run(LOGS, "test-rules", promtool, "test", "rules", tests.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();

        // Each alert is expected to fire (exp_labels) in at least one test case.
        String text = Files.readString(tests);
        Set<String> alerts = DashboardQueries.alerts().keySet();
        for (String alert : alerts) {
            String name = alert.substring("alert ".length());
            Matcher firing = Pattern.compile("alertname: " + name + "\\s+exp_alerts:\\s+- exp_labels:").matcher(text);
            assertThat(firing.find()).as(name + " fires in a promtool test").isTrue();
        }
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void alertExpressionsBecomeBoolForTheLiveCheck() {
        assertThat(DashboardQueries.asBool("sum(x) > 0 and sum(y{state=\"a\"}) == 0"))
                .isEqualTo("sum(x) > bool 0 and sum(y{state=\"a\"}) == bool 0");
        assertThat(DashboardQueries.asBool("a >= bool 10")).isEqualTo("a >= bool 10");
        assertThat(DashboardQueries.asBool("histogram_quantile(0.99, rate(b[5m])) > 0.25"))
                .isEqualTo("histogram_quantile(0.99, rate(b[5m])) > bool 0.25");
    }
}

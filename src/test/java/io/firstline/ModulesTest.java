package io.firstline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firstline.modulefixture.CyclicApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;
import org.springframework.modulith.docs.Documenter;

/**
 * Every top-level package under {@code io.firstline} is a Spring Modulith application module: no cycles between
 * modules, and no module reaching into another's internals (sub-packages are internal unless they are a named
 * interface). Also writes the module diagram to {@code docs/modules/}.
 */
class ModulesTest {

    static final ApplicationModules MODULES = ApplicationModules.of(FirstlineApplication.class);

    @Test
    void theModulesHaveNoCyclesAndUseOnlyEachOthersApi() {
        assertThat(MODULES.stream().map(ApplicationModule::getIdentifier).map(Object::toString))
                .contains("agent", "channel", "console", "contact", "customer", "followup", "intake", "kernel",
                        "platform", "report", "routing", "simulator", "sla", "supervision", "transfer");
        MODULES.verify();
    }

    @Test
    void verificationRefusesModulesThatDependOnEachOther() {
        // The fixture lives in the test sources, which the default import leaves out: import everything.
        ApplicationModules fixture = ApplicationModules.of(CyclicApplication.class, location -> true);
        assertThat(fixture.stream().map(ApplicationModule::getIdentifier).map(Object::toString))
                .containsExactlyInAnyOrder("orders", "billing");
        assertThatThrownBy(fixture::verify).isInstanceOf(Violations.class)
                .hasMessageContaining("Cycle detected")
                .hasMessageContaining("orders")
                .hasMessageContaining("billing");
    }

    /**
     * The diagrams in {@code docs/modules/} show the modules as they are: regenerated here and compared line by line
     * (as sets: the Documenter does not keep its order from run to run). After changing which module uses which,
     * refresh them with {@code mvn test -Dtest=ModulesTest -Dmodules.write=true}.
     */
    @Test
    void theModuleDiagramInDocsIsCurrent() throws Exception {
        Path generated = Path.of("target", "modules-docs");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(generated.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
        Path committed = Path.of("docs", "modules");
        if (Boolean.getBoolean("modules.write")) {
            Files.createDirectories(committed);
            try (var files = Files.list(generated)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".puml")).toList()) {
                    Files.copy(file, committed.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        String diagram = Files.readString(generated.resolve("components.puml"));
        assertThat(diagram).contains("@startuml").contains("Routing").contains("Console").contains("Contact");
        try (var files = Files.list(generated)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".puml")).toList()) {
                Path mine = committed.resolve(file.getFileName());
                assertThat(mine).as("docs/modules/%s (refresh: mvn test -Dtest=ModulesTest -Dmodules.write=true)",
                        file.getFileName()).exists();
                assertThat(new TreeSet<>(Files.readAllLines(mine)))
                        .as("docs/modules/%s is out of date (refresh: mvn test -Dtest=ModulesTest -Dmodules.write=true)",
                                file.getFileName())
                        .isEqualTo(new TreeSet<>(Files.readAllLines(file)));
            }
        }
    }
}

package io.firstline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firstline.modulefixture.CyclicApplication;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void writesTheModuleDiagram() throws Exception {
        Path folder = Path.of("docs", "modules");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(folder.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
        String diagram = Files.readString(folder.resolve("components.puml"));
        assertThat(diagram).contains("@startuml").contains("Routing").contains("Console").contains("Contact");
    }
}

package io.firstline.sla;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The SLA domain is plain Java: no Spring, R2DBC, Kafka or Netty types, and no reading of the system clock. */
class SlaPlainJavaTest {

    private final JavaClasses sla = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.firstline.sla");

    @Test
    void importsNoFrameworkTypes() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.r2dbc..",
                "org.apache.kafka..", "reactor..", "io.netty..").check(sla);
    }

    @Test
    void takesTimeOnlyFromParameters() {
        noClasses().should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(java.time.LocalDate.class, "now")
                .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .check(sla);
    }
}

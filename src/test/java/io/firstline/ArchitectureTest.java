package io.firstline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.firstline.archfixture.LeakyDomainRule;
import io.firstline.contact.Contact;
import io.firstline.routing.Router;
import org.junit.jupiter.api.Test;

/** Domain classes are plain Java: no Spring, R2DBC, Kafka or Netty types. */
class ArchitectureTest {

    /** Types marked {@link DomainModel}, their nested types, and the whole SLA domain package. */
    static final DescribedPredicate<JavaClass> DOMAIN = DescribedPredicate.describe("domain classes",
            javaClass -> isMarked(javaClass) || javaClass.getPackageName().equals("io.firstline.sla"));

    private static boolean isMarked(JavaClass javaClass) {
        if (javaClass.isAnnotatedWith(DomainModel.class)) {
            return true;
        }
        return javaClass.getEnclosingClass().map(ArchitectureTest::isMarked).orElse(false);
    }

    static ArchRule domainIsPlainJava(DescribedPredicate<JavaClass> domain) {
        return noClasses().that(domain).should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "io.r2dbc..", "org.apache.kafka..", "reactor.kafka..",
                        "io.netty..", "reactor.netty..");
    }

    @Test
    void domainClassesImportNoFrameworkTypes() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.firstline");
        assertThat(main.get(Router.class).isAnnotatedWith(DomainModel.class)).isTrue();
        assertThat(main.stream().filter(DOMAIN)).extracting(JavaClass::getName)
                .contains(Contact.class.getName(), Router.class.getName(), "io.firstline.sla.BusinessCalendar");
        domainIsPlainJava(DOMAIN).check(main);
    }

    @Test
    void theRuleCatchesADomainClassThatImportsSpring() {
        JavaClasses fixture = new ClassFileImporter().importClasses(LeakyDomainRule.class);
        DescribedPredicate<JavaClass> leaky = DescribedPredicate.describe("the leaky fixture",
                javaClass -> javaClass.isEquivalentTo(LeakyDomainRule.class));
        assertThat(domainIsPlainJava(leaky).evaluate(fixture).hasViolation()).isTrue();
    }
}

package io.firstline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.firstline.agent.AgentState;
import io.firstline.archfixture.LeakyDomainRule;
import io.firstline.channel.StandardWebhookVerifier;
import io.firstline.contact.Channel;
import io.firstline.contact.Contact;
import io.firstline.contact.ContactEventKind;
import io.firstline.contact.ContactStatus;
import io.firstline.contact.ContactTransition;
import io.firstline.intake.InboundEnvelope;
import io.firstline.intake.IntakeOutcome;
import io.firstline.routing.AcceptOutcome;
import io.firstline.routing.AgentProfile;
import io.firstline.routing.Offer;
import io.firstline.routing.Router;
import io.firstline.routing.RoutingDecision;
import io.firstline.routing.RoutingEvent;
import io.firstline.routing.RoutingSettings;
import io.firstline.routing.WaitingContact;
import org.junit.jupiter.api.Test;

/** Domain classes are plain Java: no Spring, R2DBC, Kafka or Netty types. */
class ArchitectureTest {

    /** The domain model; a new domain type joins this list. */
    static final List<Class<?>> DOMAIN = List.of(
            Contact.class, ContactStatus.class, ContactTransition.class, ContactEventKind.class, Channel.class,
            Router.class, RoutingSettings.class, WaitingContact.class, Offer.class, RoutingEvent.class,
            RoutingDecision.class, AcceptOutcome.class, AgentProfile.class, AgentState.class,
            InboundEnvelope.class, IntakeOutcome.class, StandardWebhookVerifier.class);

    static ArchRule domainIsPlainJava(List<Class<?>> domain) {
        DescribedPredicate<JavaClass> inDomain = DescribedPredicate.describe("domain classes", javaClass ->
                domain.stream().anyMatch(type -> javaClass.getName().equals(type.getName())
                        || javaClass.getName().startsWith(type.getName() + "$")));
        return noClasses().that(inDomain).should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "io.r2dbc..", "org.apache.kafka..", "reactor.kafka..",
                        "io.netty..", "reactor.netty..");
    }

    @Test
    void domainClassesImportNoFrameworkTypes() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.firstline");
        assertThat(main.stream().filter(c -> c.getName().equals(Router.class.getName()))).isNotEmpty();
        domainIsPlainJava(DOMAIN).check(main);
    }

    @Test
    void theRuleCatchesADomainClassThatImportsSpring() {
        JavaClasses fixture = new ClassFileImporter().importClasses(LeakyDomainRule.class);
        assertThat(domainIsPlainJava(List.of(LeakyDomainRule.class)).evaluate(fixture).hasViolation()).isTrue();
    }
}

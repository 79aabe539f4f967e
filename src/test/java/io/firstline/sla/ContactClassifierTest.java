package io.firstline.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContactClassifierTest {

    private final ContactClassifier classifier = new ContactClassifier(Map.of(
            ContactType.COMPLAINT, List.of("投诉", "complain"),
            ContactType.REPAIR, List.of("报修", "leak", "漏水"),
            ContactType.SUGGESTION, List.of("建议", "suggest"),
            ContactType.SERVICE_REQUEST, List.of("开户", "open an account")),
            List.of("爆炸", "gas smell", "媒体"));

    @Test
    void aComplaintAboutARepairIsAComplaint() {
        assertThat(classifier.classify("我要投诉，报修三天没人来", Optional.empty()).type()).isEqualTo(ContactType.COMPLAINT);
    }

    @Test
    void keywordsMatchRegardlessOfCase() {
        Classification repair = classifier.classify("There is a LEAK under the sink", Optional.empty());
        assertThat(repair.type()).isEqualTo(ContactType.REPAIR);
        assertThat(repair.repairClass()).isEqualTo(RepairClass.SMALL);
    }

    @Test
    void aSafetyWordMakesAnyContactMajor() {
        Classification major = classifier.classify("Strong gas smell in the stairwell", Optional.empty());
        assertThat(major.severity()).isEqualTo(Severity.MAJOR);
        assertThat(major.type()).isEqualTo(ContactType.INQUIRY);
    }

    @Test
    void theChannelsHintWinsOverKeywords() {
        assertThat(classifier.classify("I want to complain", Optional.of(ContactType.SUGGESTION)).type())
                .isEqualTo(ContactType.SUGGESTION);
    }

    @Test
    void anythingElseIsANormalInquiry() {
        assertThat(classifier.classify("What are your opening hours?", Optional.empty())).isEqualTo(Classification.DEFAULT);
    }
}

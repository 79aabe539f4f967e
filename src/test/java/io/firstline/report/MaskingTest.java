package io.firstline.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void phoneNumbersAndEmailAddressesAreMaskedAndNamesKept() {
        assertThat(Masking.mask("13812345678")).isEqualTo("138****5678");
        assertThat(Masking.mask("+86 138 1234 5678")).isEqualTo("861****5678");
        assertThat(Masking.mask("li.lei@example.com")).isEqualTo("l***@example.com");
        assertThat(Masking.mask("Li Lei <li.lei@example.com>")).isEqualTo("Li Lei <l***@example.com>");
        assertThat(Masking.mask("Li Lei")).isEqualTo("Li Lei");
        assertThat(Masking.mask("Visitor visitor-1198aec5-af6b-4a51-9198-aed6d4d40610"))
                .isEqualTo("Visitor visitor-1198aec5-af6b-4a51-9198-aed6d4d40610");
        assertThat(Masking.mask("call 010-8888 1234 please")).isEqualTo("call 010****1234 please");
        assertThat(Masking.mask(null)).isNull();
    }
}

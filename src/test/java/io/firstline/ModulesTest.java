package io.firstline;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModulesTest {
    @Test
    void verify() {
        ApplicationModules.of(FirstlineApplication.class).verify();
    }
}

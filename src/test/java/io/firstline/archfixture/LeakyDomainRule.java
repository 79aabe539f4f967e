package io.firstline.archfixture;

import org.springframework.stereotype.Component;

/** Deliberately breaks the domain rule, so ArchitectureTest can show the rule catches it. */
public class LeakyDomainRule {

    public Class<?> leak() {
        return Component.class;
    }
}

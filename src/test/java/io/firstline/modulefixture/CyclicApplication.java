package io.firstline.modulefixture;

/**
 * A deliberately broken two-module application for {@code ModulesTest}: {@code orders} and {@code billing}
 * depend on each other, which module verification must refuse.
 */
@org.springframework.modulith.Modulithic
public class CyclicApplication {
}

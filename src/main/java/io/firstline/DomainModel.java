package io.firstline;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a domain type: plain Java, no Spring, R2DBC, Kafka or Netty types, time from parameters
 * or an injected Clock. ArchitectureTest enforces it for every marked type and everything in
 * {@code io.firstline.sla}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface DomainModel {
}

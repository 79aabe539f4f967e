package io.firstline.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Console push bounds ({@code firstline.console.*}). */
@ConfigurationProperties("firstline.console")
record ConsoleProperties(int resumeBuffer, int sessionQueue) {
}

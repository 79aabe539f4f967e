package io.firstline.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The workspace this node serves ({@code firstline.workspace.*}). */
@ConfigurationProperties("firstline.workspace")
public record WorkspaceProperties(String code, String name) {
}

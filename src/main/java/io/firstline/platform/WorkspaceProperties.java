package io.firstline.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The workspace this node serves ({@code firstline.workspace.*}). */
@ConfigurationProperties("firstline.workspace")
record WorkspaceProperties(String code, String name) {
}

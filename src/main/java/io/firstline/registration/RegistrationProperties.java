package io.firstline.registration;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Walk-ins and letters ({@code firstline.registration.*}).
 *
 * @param maxAttachmentSize the largest scan accepted with a registration
 * @param attachmentTypes   the content types accepted for it
 */
@ConfigurationProperties("firstline.registration")
record RegistrationProperties(@DefaultValue("10MB") DataSize maxAttachmentSize,
                              @DefaultValue({"application/pdf", "image/jpeg", "image/png", "image/tiff"}) List<String> attachmentTypes) {
}

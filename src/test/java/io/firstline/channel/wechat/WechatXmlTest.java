package io.firstline.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The XML reader takes WeChat's flat documents and nothing that could make it read or expand anything. */
class WechatXmlTest {

    @TempDir
    Path dir;

    @Test
    void readsTheRootsFieldsIncludingCdata() {
        WechatXml.Parsed parsed = parse("<xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>1348831860</CreateTime>"
                + "<Content><![CDATA[a < b & c]]></Content></xml>");
        assertThat(parsed.fields()).containsEntry("ToUserName", "gh_1").containsEntry("CreateTime", "1348831860")
                .containsEntry("Content", "a < b & c");
    }

    @Test
    void anExternalEntityIsRefusedWithoutReadingTheFile() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        WechatXml.Parsed parsed = parse("<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + "<xml><Content>&xxe;</Content></xml>");
        assertThat(parsed.ok()).isFalse();
        assertThat(parsed.problem()).contains("DOCTYPE");
    }

    @Test
    void anEntityExpansionBombIsRefused() {
        WechatXml.Parsed parsed = parse("<!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                + "<xml><Content>&b;&b;&b;</Content></xml>");
        assertThat(parsed.ok()).isFalse();
    }

    @Test
    void anExternalDtdIsRefused() {
        assertThat(parse("<!DOCTYPE xml SYSTEM \"http://127.0.0.1:1/evil.dtd\"><xml><A>1</A></xml>").ok()).isFalse();
    }

    @Test
    void xincludeIsNotProcessed() {
        WechatXml.Parsed parsed = parse("<xml xmlns:xi=\"http://www.w3.org/2001/XInclude\"><A><xi:include href=\"file:///etc/passwd\" parse=\"text\"/></A></xml>");
        assertThat(parsed.ok()).isTrue();
        assertThat(parsed.fields().get("A")).isEmpty();
    }

    @Test
    void malformedOrForeignDocumentsAreRefused() {
        assertThat(parse("<xml><A>1</xml>").problem()).startsWith("body is not well-formed XML");
        assertThat(parse("<root><A>1</A></root>").problem()).isEqualTo("the root element must be <xml>");
        assertThat(parse("").problem()).isEqualTo("body is empty");
    }

    private static WechatXml.Parsed parse(String xml) {
        return WechatXml.parse(xml.getBytes(StandardCharsets.UTF_8));
    }
}

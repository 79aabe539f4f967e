package io.firstline.channel.wechat;

import io.firstline.DomainModel;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * Reads WeChat's flat {@code <xml><Field>value</Field>...</xml>} documents. The parser refuses any
 * DOCTYPE (so no DTD, no entity of any kind), never resolves anything external and does no XInclude.
 */
@DomainModel
final class WechatXml {

    /** The root's child elements by name, or why the document was refused. */
    public record Parsed(Map<String, String> fields, String problem) {

        public boolean ok() {
            return fields != null;
        }
    }

    static final int MAX_FIELDS = 64;

    private static final DocumentBuilderFactory FACTORY = hardenedFactory();

    private WechatXml() {
    }

    public static Parsed parse(byte[] xml) {
        if (xml == null || xml.length == 0) {
            return new Parsed(null, "body is empty");
        }
        Element root;
        try {
            DocumentBuilder builder;
            synchronized (FACTORY) {
                builder = FACTORY.newDocumentBuilder();
            }
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXParseException("external entities are not allowed", null);
            });
            builder.setErrorHandler(SILENT);
            root = builder.parse(new InputSource(new ByteArrayInputStream(xml))).getDocumentElement();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (message.contains("DOCTYPE")) {
                return new Parsed(null, "body must not contain a DOCTYPE (DTDs and entities are refused)");
            }
            return new Parsed(null, "body is not well-formed XML: " + message);
        }
        if (!"xml".equals(root.getTagName())) {
            return new Parsed(null, "the root element must be <xml>");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node child = children.item(i);
            if (child.getNodeType() == Node.ELEMENT_NODE) {
                if (fields.size() >= MAX_FIELDS) {
                    return new Parsed(null, "too many elements");
                }
                fields.putIfAbsent(child.getNodeName(), child.getTextContent().trim());
            }
        }
        return new Parsed(Map.copyOf(fields), null);
    }

    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXParseException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
        }
    };

    private static DocumentBuilderFactory hardenedFactory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        try {
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser cannot be hardened", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setNamespaceAware(false);
        factory.setValidating(false);
        return factory;
    }
}

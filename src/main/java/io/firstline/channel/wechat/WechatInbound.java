package io.firstline.channel.wechat;

import io.firstline.DomainModel;
import io.firstline.kernel.StorableText;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One WeChat push, message or event, read from its XML fields.
 *
 * <p>Messages are deduplicated by {@code MsgId}; events carry none, so by
 * {@code FromUserName + CreateTime + Event}. Messages and {@code CLICK} events (a menu button the
 * customer pressed, e.g. "talk to us") become contacts; subscribe, unsubscribe, SCAN and VIEW are
 * recorded, not offered to agents.
 */
@DomainModel
record WechatInbound(String toUserName, String fromUserName, long createTime, String msgType,
                            String msgId, String event, Map<String, String> fields) {

    static final int MAX_TEXT = 10_000;
    static final Set<String> CONTACT_EVENTS = Set.of("click");

    /** Either the push or the list of problems with it. */
    public record Parsed(WechatInbound inbound, List<String> problems) {
    }

    public static Parsed from(Map<String, String> fields) {
        List<String> problems = new ArrayList<>();
        String to = fields.get("ToUserName");
        String from = fields.get("FromUserName");
        String type = fields.get("MsgType");
        String created = fields.get("CreateTime");
        if (blank(to)) {
            problems.add("ToUserName is required");
        }
        if (blank(from)) {
            problems.add("FromUserName is required");
        } else if (from.length() > 128) {
            problems.add("FromUserName is too long");
        }
        long createTime = 0;
        if (blank(created)) {
            problems.add("CreateTime is required");
        } else {
            try {
                createTime = Long.parseLong(created);
            } catch (NumberFormatException e) {
                problems.add("CreateTime must be a number");
            }
        }
        if (blank(type)) {
            problems.add("MsgType is required");
        }
        String event = fields.get("Event");
        // WxJava's own serialiser writes MsgID; WeChat itself sends MsgId.
        String msgId = fields.get("MsgId") != null ? fields.get("MsgId") : fields.get("MsgID");
        if (!blank(type)) {
            if ("event".equals(type)) {
                if (blank(event)) {
                    problems.add("Event is required for MsgType event");
                }
            } else if (blank(msgId)) {
                problems.add("MsgId is required for a message");
            } else if (msgId.length() > 64) {
                problems.add("MsgId is too long");
            }
            if ("text".equals(type) && blank(fields.get("Content"))) {
                problems.add("Content is required for a text message");
            }
        }
        fields.forEach((name, value) -> StorableText.problem(name, value).ifPresent(problems::add));
        if (!problems.isEmpty()) {
            return new Parsed(null, problems);
        }
        return new Parsed(new WechatInbound(to, from, createTime, type, msgId, event, fields), List.of());
    }

    public boolean isEvent() {
        return "event".equals(msgType);
    }

    /** Whether this push should reach an agent as (part of) a contact. */
    public boolean becomesContact() {
        return !isEvent() || CONTACT_EVENTS.contains(event.toLowerCase(Locale.ROOT));
    }

    /** The dedupe key: {@code MsgId}, or {@code event:<FromUserName>:<CreateTime>:<Event>}. */
    public String externalId() {
        return isEvent() ? "event:" + fromUserName + ":" + createTime + ":" + event : msgId;
    }

    /** What the agent reads: the text, or a short description of media and events. */
    public String text() {
        String text = switch (msgType) {
            case "text" -> field("Content");
            case "image" -> "[image] " + field("PicUrl");
            case "voice" -> "[voice] " + field("MediaId")
                    + (blank(fields.get("Recognition")) ? "" : " " + field("Recognition"));
            case "video", "shortvideo" -> "[" + msgType + "] " + field("MediaId");
            case "location" -> "[location] " + field("Label") + " (" + field("Location_X") + ", " + field("Location_Y") + ")";
            case "link" -> "[link] " + field("Title") + " " + field("Url");
            case "event" -> "[event " + event + "]" + (blank(fields.get("EventKey")) ? "" : " " + field("EventKey"));
            default -> "[" + msgType + "]";
        };
        text = text.trim();
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }

    private String field(String name) {
        String value = fields.get(name);
        return value == null ? "" : value;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public WechatInbound {
        fields = Map.copyOf(fields);
        msgType = msgType.toLowerCase(Locale.ROOT);
    }
}

package io.firstline.channel.phone;

/** The TwiML documents the Twilio form answers with. */
final class TwiML {

    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    private TwiML() {
    }

    /** Puts the caller in the queue; Twilio polls {@code waitUrl} while they wait and calls {@code action} when they leave. */
    static String enqueue(String webhookUrl, String queue) {
        return HEAD + "<Response><Enqueue action=\"" + attr(webhookUrl + "?step=dequeued") + "\" method=\"POST\" waitUrl=\""
                + attr(webhookUrl + "?step=wait") + "\" waitUrlMethod=\"POST\">" + text(queue) + "</Enqueue></Response>";
    }

    /** While waiting: a greeting on the first poll, then short pauses, so the next poll comes within seconds. */
    static String hold(boolean greet) {
        return HEAD + "<Response>" + (greet ? "<Say>Thank you for calling. Please hold, an agent will answer shortly.</Say>" : "")
                + "<Pause length=\"2\"/></Response>";
    }

    /** An agent accepted: the caller leaves the queue and Twilio calls the Enqueue action, which dials. */
    static String leave() {
        return HEAD + "<Response><Leave/></Response>";
    }

    /** Rings the agent: SIP URI, E.164 number or Twilio client ({@code client:<name>}). */
    static String dial(String webhookUrl, String callId, String target) {
        String answered = attr(webhookUrl + "?step=answered&call=" + callId);
        String noun;
        if (target.startsWith("client:")) {
            noun = "<Client url=\"" + answered + "\">" + text(target.substring("client:".length())) + "</Client>";
        } else if (target.matches("\\+?[0-9]{3,15}")) {
            noun = "<Number url=\"" + answered + "\">" + text(target) + "</Number>";
        } else {
            noun = "<Sip url=\"" + answered + "\">" + text(target) + "</Sip>";
        }
        return HEAD + "<Response><Dial action=\"" + attr(webhookUrl + "?step=dialed&call=" + callId) + "\" method=\"POST\">"
                + noun + "</Dial></Response>";
    }

    static String sorry() {
        return HEAD + "<Response><Say>Sorry, no agent could take your call. We will call you back.</Say><Hangup/></Response>";
    }

    static String hangup() {
        return HEAD + "<Response><Hangup/></Response>";
    }

    static String empty() {
        return HEAD + "<Response/>";
    }

    private static String text(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String attr(String s) {
        return text(s).replace("\"", "&quot;");
    }
}

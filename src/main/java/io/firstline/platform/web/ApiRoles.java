package io.firstline.platform.web;

import java.util.Map;
import java.util.Optional;

/**
 * Who may call each REST operation, as the OpenAPI document states it (the same as docs/api.md; enforced by
 * SecurityConfig and the services). Keyed by "{METHOD} {path}"; a missing entry is "anyone logged in" and
 * {@code ApiDocsTest} fails for an operation that has no entry here, so a new endpoint must say who may call it.
 */
final class ApiRoles {

    record Access(String roles, boolean tokenRequired, String channelDocs) {
    }

    private static final Map<String, Access> ACCESS = Map.ofEntries(
            open("POST /api/v1/auth/login", "anyone (returns the token and sets the session cookie)"),
            open("POST /api/v1/chat/sessions", "a web-chat visitor (public; returns a visitor token for /ws/chat)"),
            webhook("POST /webhooks/webchat/{account}", "the chat backend (Standard Webhooks signature)", "webchat"),
            webhook("POST /webhooks/wechat/{account}", "WeChat (SHA-1 signature; safe-mode AES)", "wechat"),
            webhook("GET /webhooks/wechat/{account}", "WeChat's URL verification (SHA-1 signature)", "wechat"),
            webhook("POST /webhooks/email/{account}", "the mail provider (Mailgun signature or Standard Webhooks)", "email"),
            webhook("POST /webhooks/phone/{account}", "the telephony provider (Twilio signature or Standard Webhooks)", "phone"),
            staff("GET /api/v1/agents/me", "agent, supervisor, manager, admin (themselves)"),
            staff("POST /api/v1/agents/me/state", "agent, supervisor, manager, admin (themselves)"),
            staff("POST /api/v1/offers/{offerId}/accept", "the agent the offer was made to"),
            staff("POST /api/v1/offers/{offerId}/reject", "the agent the offer was made to"),
            staff("GET /api/v1/contacts", "agent (own contacts and follow-ups); supervisor, manager also escalated ones"),
            staff("GET /api/v1/contacts/{id}", "agent (own contacts), supervisor, manager, admin"),
            staff("POST /api/v1/contacts/{id}/messages", "the contact's assignee"),
            staff("PATCH /api/v1/contacts/{id}/classification", "assignee, first responder, supervisor"),
            staff("POST /api/v1/contacts/{id}/deadlines/{name}/extension", "supervisor"),
            staff("POST /api/v1/contacts/{id}/resolve", "assignee, first responder"),
            staff("POST /api/v1/contacts/{id}/follow-up", "first responder, supervisor"),
            staff("POST /api/v1/contacts/{id}/reopen", "first responder, supervisor"),
            staff("POST /api/v1/contacts/{id}/notes", "assignee, first responder, supervisor"),
            staff("POST /api/v1/contacts/{id}/transfer", "the contact's assignee"),
            staff("GET /api/v1/transfer-targets", "anyone logged in"),
            staff("GET /api/v1/follow-ups", "agent (own), supervisor (all)"),
            staff("GET /api/v1/follow-ups/recheck", "supervisor"),
            staff("GET /api/v1/sla-policies", "supervisor, manager, admin"),
            staff("PUT /api/v1/sla-policies", "platform admin (an admin of the default workspace): the policies are shared by every workspace"),
            staff("GET /api/v1/phone/stats", "supervisor, manager, admin"),
            staff("GET /api/v1/wallboard", "supervisor, manager, admin"),
            staff("GET /api/v1/queues/summary", "anyone logged in"),
            staff("GET /api/v1/queues", "supervisor, manager, admin"),
            staff("POST /api/v1/queues", "admin; recorded in admin_change"),
            staff("PUT /api/v1/queues/{code}", "admin; every change recorded in admin_change"),
            staff("GET /api/v1/channel-accounts", "admin"),
            staff("PUT /api/v1/channel-accounts/{channel}/{account}", "admin"),
            staff("GET /api/v1/customers/{id}", "agent (a customer of theirs), supervisor, admin; every read audited"),
            staff("GET /api/v1/customers/{id}/reads", "supervisor, admin"),
            staff("POST /api/v1/customers/{id}/identities", "whoever may read the customer (merging: both customers)"),
            staff("GET /api/v1/contacts/{id}/analysis", "assignee, first responder, supervisor"),
            staff("PATCH /api/v1/contacts/{id}/analysis", "assignee, first responder, supervisor"),
            staff("GET /api/v1/complaint-causes", "anyone logged in"),
            staff("PUT /api/v1/complaint-causes/{code}", "platform admin (the causes are shared by every workspace)"),
            staff("DELETE /api/v1/complaint-causes/{code}", "platform admin (the causes are shared by every workspace)"),
            staff("GET /api/v1/departments", "anyone logged in"),
            staff("PUT /api/v1/departments/{code}", "admin"),
            staff("GET /api/v1/reports/{kind}", "supervisor, manager, admin; exports audited"),
            staff("GET /api/v1/reports/{kind}/contacts", "supervisor, manager, admin; masked by role, audited"),
            staff("GET /api/v1/reports/archive", "supervisor, manager, admin"),
            staff("GET /api/v1/reports/archive/{id}", "supervisor, manager, admin"),
            staff("GET /api/v1/agents/reporting-lines", "supervisor, manager, admin"),
            staff("PUT /api/v1/agents/{username}/supervisor", "admin"),
            staff("POST /api/v1/contacts", "agent, supervisor, manager (registers a walk-in or a letter and becomes its first responder)"),
            staff("GET /api/v1/contacts/{id}/attachments", "assignee, first responder, supervisor"),
            staff("GET /api/v1/contacts/{id}/attachments/{attachmentId}", "assignee, first responder, supervisor"),
            staff("GET /api/v1/contacts/{id}/history", "agent (own contacts), supervisor, manager"),
            staff("POST /api/v1/contacts/{id}/legal-hold", "manager"),
            staff("GET /api/v1/contacts/{id}/legal-hold", "supervisor, manager"),
            staff("POST /api/v1/contacts/{id}/deadlines/{name}/met", "assignee, first responder, supervisor"),
            staff("GET /api/v1/sla-calendar", "anyone logged in"),
            staff("PUT /api/v1/sla-calendar/years/{year}", "platform admin (the holiday calendar is shared by every workspace)"),
            staff("GET /api/v1/shifts/current/handover", "agent, supervisor, manager"),
            staff("PUT /api/v1/shifts/current/handover/log", "agent, supervisor, manager"),
            staff("POST /api/v1/shifts/current/handover/items/{contactId}/note", "agent, supervisor, manager"),
            staff("POST /api/v1/shifts/current/handover/items/{contactId}/unclear", "agent, supervisor, manager (the incoming person)"),
            staff("POST /api/v1/shifts/current/handover/sign", "agent, supervisor, manager (outgoing, then incoming)"),
            staff("GET /api/v1/workspaces", "platform admin (an admin of the default workspace)"),
            staff("POST /api/v1/workspaces", "platform admin (an admin of the default workspace); recorded in admin_change"),
            staff("POST /api/v1/agents", "admin (users of their own workspace); recorded in admin_change"),
            staff("POST /api/v1/agents/me/password", "anyone logged in (their own password)"));

    private ApiRoles() {
    }

    static Optional<Access> find(String method, String path) {
        return Optional.ofNullable(ACCESS.get(method + " " + path));
    }

    static Access of(String method, String path) {
        return find(method, path).orElse(new Access("anyone logged in", true, null));
    }

    private static Map.Entry<String, Access> open(String key, String roles) {
        return Map.entry(key, new Access(roles, false, null));
    }

    private static Map.Entry<String, Access> staff(String key, String roles) {
        return Map.entry(key, new Access(roles, true, null));
    }

    private static Map.Entry<String, Access> webhook(String key, String roles, String channel) {
        return Map.entry(key, new Access(roles, false, "channels/" + channel + "/README.md"));
    }
}

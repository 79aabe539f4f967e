package io.firstline.agent;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import io.firstline.kernel.StorableText;

/** The bodies of the administration API and what is wrong with them (every problem named in one 400). */
final class AccountRequests {

    static final Pattern WORKSPACE_CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    static final Pattern SKILL = Pattern.compile("[a-z0-9_:-]{1,40}");
    static final Set<String> ROLES = Set.of("agent", "supervisor", "manager", "admin");
    static final int MAX_NAME = 120;
    static final int MAX_SKILLS = 50;

    private AccountRequests() {
    }

    /**
     * @param code the workspace's code (what its users type at login)
     * @param timeZone an IANA zone id such as {@code Europe/Berlin}: the workspace's days for deadlines and reports
     * @param adminUsername its first administrator's username; {@code admin} when absent
     */
    record WorkspaceRequest(String code, String name, String timeZone, String adminUsername) {

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (code == null || !WORKSPACE_CODE.matcher(code).matches()) {
                problems.add("code is required: 1-40 of a-z, 0-9, _ and -, starting with a letter or digit");
            }
            requiredName(name, "name", problems);
            if (timeZone == null || timeZone.isBlank()) {
                problems.add("timeZone is required (an IANA zone such as Asia/Shanghai)");
            } else {
                try {
                    ZoneId.of(timeZone);
                } catch (DateTimeException e) {
                    problems.add("timeZone '" + printable(timeZone) + "' is not a time zone (an IANA zone such as Asia/Shanghai)");
                }
            }
            if (adminUsername != null && !USERNAME.matcher(adminUsername).matches()) {
                problems.add("adminUsername must be 1-64 of letters, digits, '.', '_', '@' and '-'");
            }
            return problems;
        }

        String administrator() {
            return adminUsername == null ? "admin" : adminUsername;
        }
    }

    /** @param skills the queues' skills this person answers (for agents: the channels' wire names, as the standard queues use) */
    record AgentRequest(String username, String displayName, String role, List<String> skills) {

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (username == null || !USERNAME.matcher(username).matches()) {
                problems.add("username is required: 1-64 of letters, digits, '.', '_', '@' and '-'");
            }
            requiredName(displayName, "displayName", problems);
            if (role == null || !ROLES.contains(role)) {
                problems.add("role is one of agent, supervisor, manager, admin" + (role == null ? "" : ", not '" + printable(role) + "'"));
            }
            if (skills != null) {
                if (skills.size() > MAX_SKILLS) {
                    problems.add("at most " + MAX_SKILLS + " skills");
                }
                skills.stream().filter(skill -> skill == null || !SKILL.matcher(skill).matches()).findFirst()
                        .ifPresent(bad -> problems.add("skill '" + printable(bad) + "' must be 1-40 of a-z, 0-9, _, : and -"));
            }
            return problems;
        }

        Set<String> skillSet() {
            return skills == null ? Set.of() : new TreeSet<>(skills);
        }
    }

    private static void requiredName(String value, String field, List<String> problems) {
        if (value == null || value.isBlank() || value.strip().length() > MAX_NAME) {
            problems.add(field + " is required, at most " + MAX_NAME + " characters");
        } else {
            StorableText.problem(field, value).ifPresent(problems::add);
        }
    }

    /** A refused value quoted back without what a problem detail should not echo. */
    private static String printable(String value) {
        String kept = StorableText.strip(value);
        return kept.length() > 60 ? kept.substring(0, 60) + "..." : kept;
    }
}

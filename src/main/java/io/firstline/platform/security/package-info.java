/** Who is calling: token sessions, the signed-in agent (AgentPrincipal, CurrentAgent), role rules. */
@org.springframework.modulith.NamedInterface("security")
package io.firstline.platform.security;

/** Agents and their accounts: login, the signed-in agent's own account, skills and stored state. */
package io.firstline.agent;

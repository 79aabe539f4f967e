// Logging in, shared by the pages: an existing session (the HttpOnly cookie) starts the page at once;
// otherwise the login form posts to /api/v1/auth/login and shows the problem's detail when refused.
import { api } from './api.js';

/** The roles that oversee the whole workspace (as AgentPrincipal.overseesWorkspace() on the server). */
export const OVERSEERS = ['supervisor', 'manager', 'admin'];

export function signIn(start) {
  const $ = (id) => document.getElementById(id);
  $('login').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('login-error').textContent = '';
    try {
      const login = { username: $('username').value, password: $('password').value };
      // Without a workspace code the server logs in to its default workspace.
      const workspace = $('workspace-code') ? $('workspace-code').value.trim() : '';
      if (workspace) {
        login.workspace = workspace;
      }
      const answer = await api('POST', '/api/v1/auth/login', login);
      start(answer.agent);
    } catch (e) {
      $('login-error').textContent = e.message;
    }
  });
  api('GET', '/api/v1/agents/me').then(start, () => { $('login').hidden = false; });
}

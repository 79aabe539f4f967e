-- Demo data (profile "demo" only). Every password is "demo" (bcrypt, cost 10).
INSERT INTO workspace (code, name) VALUES ('demo', 'Demo service centre')
    ON CONFLICT (code) DO NOTHING;

INSERT INTO queue (workspace_id, code, name, channel, skill)
SELECT w.id, 'webchat', 'Web chat', 'webchat', 'webchat' FROM workspace w WHERE w.code = 'demo'
    ON CONFLICT (workspace_id, code) DO NOTHING;

INSERT INTO agent (workspace_id, username, display_name, password_hash, role)
SELECT w.id, a.username, a.display_name, '$2a$10$c7cXmRUW1lPmE8.vdOecWeeLj35bcuvzk1ecKSsWwKOxDMY.AEiHS', a.role
FROM workspace w,
     (VALUES ('agent1', 'Agent One', 'agent'),
             ('agent2', 'Agent Two', 'agent'),
             ('agent3', 'Agent Three', 'agent'),
             ('agent4', 'Agent Four', 'agent'),
             ('supervisor1', 'Supervisor One', 'supervisor'),
             ('manager1', 'General Manager', 'manager'),
             ('admin', 'Administrator', 'admin')) AS a (username, display_name, role)
WHERE w.code = 'demo'
    ON CONFLICT (workspace_id, username) DO NOTHING;

INSERT INTO agent_skill (agent_id, skill)
SELECT id, 'webchat' FROM agent WHERE username IN ('agent1', 'agent2', 'agent3', 'agent4')
    ON CONFLICT DO NOTHING;

-- The demo agents also answer WeChat (the bootstrap creates the wechat queue with skill wechat).
INSERT INTO agent_skill (agent_id, skill)
SELECT id, 'wechat' FROM agent WHERE username IN ('agent1', 'agent2', 'agent3', 'agent4')
    ON CONFLICT DO NOTHING;

-- The demo agents answer phone calls too (the bootstrap creates the phone queue with skill phone),
-- rung at their SIP address on the demo PBX.
INSERT INTO agent_skill (agent_id, skill)
SELECT id, 'phone' FROM agent WHERE username IN ('agent1', 'agent2', 'agent3', 'agent4')
    ON CONFLICT DO NOTHING;

UPDATE agent SET extension = 'sip:' || username || '@pbx.demo.example'
WHERE username IN ('agent1', 'agent2', 'agent3', 'agent4') AND extension IS NULL;

-- And e-mail (the bootstrap creates the email queue with skill email).
INSERT INTO agent_skill (agent_id, skill)
SELECT id, 'email' FROM agent WHERE username IN ('agent1', 'agent2', 'agent3', 'agent4')
    ON CONFLICT DO NOTHING;

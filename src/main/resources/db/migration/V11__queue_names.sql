-- Queues created by the bootstrap were named after their code ("email"); agents pick them by name in the
-- console's transfer picker, so give the ones never renamed a readable name.
UPDATE queue SET name = CASE code
        WHEN 'phone' THEN 'Phone'
        WHEN 'webchat' THEN 'Web chat'
        WHEN 'email' THEN 'E-mail'
        WHEN 'wechat' THEN 'WeChat'
        WHEN 'visit' THEN 'Walk-in visits'
    END
WHERE name = code AND code IN ('phone', 'webchat', 'email', 'wechat', 'visit');

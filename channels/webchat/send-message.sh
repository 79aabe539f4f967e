#!/usr/bin/env bash
# Posts one signed web-chat webhook, the way a real chat backend would.
#   channels/webchat/send-message.sh VISITOR_ID "text" [WEBHOOK_ID]
# Settings (environment): BASE_URL (default http://localhost:8080), ACCOUNT (default demo),
# SECRET (default: the demo account's whsec_ secret), NAME (optional display name),
# TIMESTAMP (default: now, unix seconds), BAD_SIGNATURE=1 to sign with a wrong key.
# The text is put into JSON as given: avoid double quotes and backslashes in it.
set -euo pipefail
BASE_URL=${BASE_URL:-http://localhost:8080}
ACCOUNT=${ACCOUNT:-demo}
SECRET=${SECRET:-whsec_Zmlyc3RsaW5lLWRlbW8td2ViY2hhdC1zZWNyZXQtMzI=}
visitor=${1:?visitor id}
text=${2:?message text}
id=${3:-msg_$(date +%s%N)}
ts=${TIMESTAMP:-$(date +%s)}
if [ -n "${NAME:-}" ]; then
  body=$(printf '{"visitorId":"%s","messageId":"%s","text":"%s","name":"%s"}' "$visitor" "$id" "$text" "$NAME")
else
  body=$(printf '{"visitorId":"%s","messageId":"%s","text":"%s"}' "$visitor" "$id" "$text")
fi
key_hex=$(printf '%s' "${SECRET#whsec_}" | base64 -d | od -An -v -tx1 | tr -d ' \n')
[ -n "${BAD_SIGNATURE:-}" ] && key_hex="00${key_hex}"
signature=$(printf '%s' "$id.$ts.$body" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | base64)
curl -sS -X POST "$BASE_URL/webhooks/webchat/$ACCOUNT" \
  -H 'Content-Type: application/json' \
  -H "webhook-id: $id" -H "webhook-timestamp: $ts" -H "webhook-signature: v1,$signature" \
  --data-binary "$body" -w '\nHTTP %{http_code}\n'

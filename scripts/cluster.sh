#!/usr/bin/env bash
# Three Firstline nodes over one local Kafka, with the demo (docs/cluster.md).
#   scripts/cluster.sh          build, start Kafka (mvn -Pkafka-local) and nodes on 8080, 8081, 8082
#   Ctrl-C                      stops the nodes and Kafka
# Needs PostgreSQL as for the demo (FIRSTLINE_DB_* as in the README). Logs: target/cluster/*.log.
# Watch routing ownership: grep "routes workspace" target/cluster/node-*.log, or
#   curl -s localhost:808N/actuator/prometheus | grep firstline_routing_owned_workspaces
# and kill the owner (kill <pid> printed below) to see another node take over.
set -euo pipefail
cd "$(dirname "$0")/.."

KAFKA_PORT="${KAFKA_PORT:-9092}"
LOGS=target/cluster
mkdir -p "$LOGS"
pids=()

stop() {
  echo "Stopping..."
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

await_port() { # host port what
  for _ in $(seq 1 180); do
    if (echo > "/dev/tcp/$1/$2") 2>/dev/null; then
      return 0
    fi
    sleep 1
  done
  echo "$3 did not open port $2; see $LOGS" >&2
  exit 1
}

echo "Building (once)..."
mvn ${MVN_FLAGS:-} -q -DskipTests package

echo "Starting Kafka on localhost:$KAFKA_PORT (log: $LOGS/kafka.log)"
mvn ${MVN_FLAGS:-} -q -Pkafka-local -Dkafka.local.port="$KAFKA_PORT" > "$LOGS/kafka.log" 2>&1 &
pids+=($!)
await_port localhost "$KAFKA_PORT" Kafka

JAR=$(ls target/firstline-*.jar | grep -v -- '-plain' | head -1)
# The nodes must share the session key, or a login on one node is refused by the others.
SECRET="${FIRSTLINE_SECURITY_JWTSECRET:-$(head -c 32 /dev/urandom | base64)}"
for n in 1 2 3; do
  port=$((8079 + n))
  # The demo simulator runs on node 1 only, so the demo traffic is not tripled.
  simulator=$([ "$n" = 1 ] && echo true || echo false)
  FIRSTLINE_KAFKA_BOOTSTRAP_SERVERS="localhost:$KAFKA_PORT" FIRSTLINE_SECURITY_JWTSECRET="$SECRET" \
    java -jar "$JAR" --spring.profiles.active=demo --server.port="$port" \
      --firstline.cluster.node-id="node-$n" --firstline.simulator.enabled="$simulator" \
      > "$LOGS/node-$n.log" 2>&1 &
  pids+=($!)
  echo "node-$n: http://localhost:$port (pid $!, log $LOGS/node-$n.log)"
  await_port localhost "$port" "node-$n"
done

echo "Three nodes up. Routing owner:"
grep -h "routes workspace" "$LOGS"/node-*.log | tail -1 || true
echo "Ctrl-C stops everything."
wait

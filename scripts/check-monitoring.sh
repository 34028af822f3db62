#!/usr/bin/env bash
# Checks the monitoring stack with real tools and no Docker engine: Prometheus's own promtool for the
# configuration and the alert-rule unit tests, HAProxy's own check of the fleet's load balancer configuration,
# docker-compose's parser for docker-compose.yml.
set -euo pipefail
cd "$(dirname "$0")/.."

promtool check config monitoring/prometheus/prometheus.yml
promtool test rules monitoring/prometheus/memguard-alerts.test.yml
haproxy -c -q -f monitoring/haproxy/haproxy.cfg
echo "monitoring/haproxy/haproxy.cfg: valid"
docker-compose -f docker-compose.yml config -q
echo "docker-compose.yml: valid"

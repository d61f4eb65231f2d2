/**
 * The metric names the server exports (see src/observability/metrics.ts and docs/operations.md): the
 * dashboard and the alerts may refer to these and nothing else, so a renamed metric cannot leave a
 * panel silently empty.
 */
export const CHAT_METRICS = [
  'chat_http_request_duration_seconds',
  'chat_commands_total',
  'chat_command_conflict_retries_total',
  'chat_eventstore_append_duration_seconds',
  'chat_eventstore_append_events',
  'chat_projection_lag_events',
  'chat_projection_lag_seconds',
  'chat_projection_degraded',
  'chat_projection_lease_held',
  'chat_projection_events_total',
  'chat_ws_connections',
  'chat_ws_frames_delivered_total',
  'chat_ws_slow_socket_closes_total',
  'chat_ws_resumes_total',
  'chat_ws_upgrades_refused_total',
  'chat_rate_limit_refusals_total',
  'chat_loop_failures_total',
  'chat_loop_degraded',
  // Exported once webhooks are on (WEBHOOK_SECRET set).
  'chat_webhook_attempts_total',
  'chat_webhook_deliveries_total',
  'chat_webhook_attempt_duration_seconds',
  'chat_webhook_endpoint_degraded',
  'chat_webhook_lease_held',
  'chat_attachment_uploads_total',
  'chat_attachment_stored_bytes_total',
  'chat_attachments_removed_total',
] as const;

/** Series that come from elsewhere: Prometheus itself (`up`), the blackbox exporter, prom-client defaults. */
export const OTHER_SERIES = [
  'up',
  'probe_success',
  'process_resident_memory_bytes',
  'nodejs_eventloop_lag_p99_seconds',
];

const HISTOGRAMS = new Set<string>([
  'chat_http_request_duration_seconds',
  'chat_eventstore_append_duration_seconds',
  'chat_eventstore_append_events',
  'chat_webhook_attempt_duration_seconds',
]);

/** A histogram's series (`_bucket`, `_count`, `_sum`) belong to its family; other names stay as they are. */
function familyOf(name: string): string {
  const family = name.replace(/_(bucket|count|sum)$/, '');
  return HISTOGRAMS.has(family) ? family : name;
}

/** The metric names a PromQL expression refers to (histogram series reduced to their family). */
export function metricNamesIn(expr: string): string[] {
  // Drop label matchers and quoted strings first: their values are not metric names.
  const bare = expr.replace(/\{[^}]*\}/g, '').replace(/"[^"]*"/g, '');
  const names = bare.match(/\b(chat|process|nodejs|probe)_[a-z0-9_]+|\bup\b/g) ?? [];
  return [...new Set(names.map(familyOf))];
}

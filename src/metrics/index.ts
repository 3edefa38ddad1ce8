// The fleet's Prometheus metrics: the observer interfaces the live code calls, and their
// prom-client implementation with the one registry `/metrics` serves (api/metrics-route.ts).
export { FleetMetrics, FLEET_SCOPE_LABEL, RUNNER_STATES, UNKNOWN_CODE, VENUE_REJECTION } from './fleet-metrics.ts';
export type { FleetMetricsOptions } from './fleet-metrics.ts';
export type { FleetObserver, FleetView, InstanceInfo, InstanceObserver, InstanceSnapshot } from './observer.ts';

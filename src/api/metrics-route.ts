// GET /metrics: the process's Prometheus registry in the text exposition format (version 0.0.4),
// as a fastify plugin the API server registers. Read-only and cheap (the gauges read the fleet's
// status in memory and one SELECT of the kill flags), so it is served without a token, as
// Prometheus scrapes; bind the server to loopback or a private network.
import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';

export interface MetricsRouteOptions {
  /** The registry to serve: FleetMetrics.registry (metrics/fleet-metrics.ts). */
  readonly registry: Registry;
}

/** Registers GET /metrics on the fastify instance: `app.register(metricsRoute, { registry })`. */
export const metricsRoute: FastifyPluginAsync<MetricsRouteOptions> = async (app, options) => {
  const { registry } = options;
  app.get('/metrics', async (_request, reply) => {
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
};

// The REST API (fastify): the fleet's state and controls, backtests and sweeps, config, the audit
// log and live events, for the dashboard, scripts and health checkers.
export { createApiServer } from './server.ts';
export type { ApiServerOptions } from './server.ts';
export type { FleetView } from './context.ts';
export { addUser, hashToken, newToken, removeUser } from './auth.ts';
export type { UserRemoval } from './auth.ts';
export { ApiError } from './errors.ts';

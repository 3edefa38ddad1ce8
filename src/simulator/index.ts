export { Simulator, LOCAL_API_KEY, LOCAL_API_SECRET, DEFAULT_SYMBOLS } from './simulator.ts';
export type { SimulatorOptions, SimulatorState } from './simulator.ts';
export { faultSchema } from './faults.ts';
export type { FaultConfig, FaultInput } from './faults.ts';
export type { ReceivedRequest } from './rest-server.ts';
export { sign } from './signature.ts';
export { parseDec, formatDec } from './decimal.ts';
export { servedIntervals } from './kline-interval.ts';

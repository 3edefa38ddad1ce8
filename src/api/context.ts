// What the routes work on: the workspace (store, live records, sweep results, clock), the fleet
// when it runs in this process, and the fleet file it was started from.
import type { Workspace } from '../app/index.ts';
import type { InstanceStatus } from '../live/index.ts';
import { statusFromJournal } from '../live/index.ts';
import type { FigureTracker, InstanceFigures } from './instance-figures.ts';

/** The part of a running Fleet the API reads (live/fleet.ts). */
export interface FleetView {
  status(): InstanceStatus[];
}

export interface ApiContext {
  readonly workspace: Workspace;
  /** The fleet running in this process; absent when it runs in another one (or none runs). */
  readonly fleet: FleetView | undefined;
  /** The fleet file (config and promote routes); absent when the server was started without one. */
  readonly fleetFile: string | undefined;
  /** Each instance's equity peak, kept between calls (instance-figures.ts). */
  readonly figures: FigureTracker;
}

/**
 * Every instance's status: the running fleet's own when it is in this process (its kill and pause
 * flags are applied on its next candle), else the journal's, as `rampart status` shows it.
 */
export function fleetStatus(context: ApiContext): { source: 'process' | 'journal'; instances: InstanceStatus[] } {
  if (context.fleet !== undefined) return { source: 'process', instances: context.fleet.status() };
  return { source: 'journal', instances: statusFromJournal(context.workspace.live) };
}

/** fleetStatus with each instance's drawdown, exposure and open orders (instance-figures.ts). */
export function fleetFigures(context: ApiContext): { source: 'process' | 'journal'; instances: InstanceFigures[] } {
  const { source, instances } = fleetStatus(context);
  return { source, instances: context.figures.figures(instances) };
}

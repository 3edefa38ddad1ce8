export { OrderLifecycle, IllegalTransition, nextStatus, isFinal, FINAL_STATUSES } from './order-state.ts';
export type { OrderStatus, OrderEventType, OrderEvent, FillEvent } from './order-state.ts';
export { OrderManager } from './order-manager.ts';
export type { OrderIntent, JournalOrder, OrderJournal, OrderManagerOptions, ReconcileReport } from './order-manager.ts';

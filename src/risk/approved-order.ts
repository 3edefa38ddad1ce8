// The brand that makes "every order passes the risk engine" a compile-time fact: a venue takes
// only an Approved<…> order, and only this module's `approve` makes one. The index exports the
// type alone, so outside src/risk the one way to get an approved order is RiskEngine's answer.

declare const APPROVED: unique symbol;

/** An order the risk engine passed. The brand exists only in the types; at run time it is the order itself. */
export type Approved<O> = O & { readonly [APPROVED]: true };

/** Marks an order as passed. Only the risk engine calls it, after its checks. */
export function approve<O>(order: O): Approved<O> {
  return order as Approved<O>;
}

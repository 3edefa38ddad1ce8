// Lists a venue serves in pages (Binance's allOrders and myTrades: 500 rows unless asked, 1,000 at
// most). Reading only the first page loses rows silently: an order that filled in 5,000 trades
// came back with 500 of them. Both adapters page through here, by id, the way Binance documents it.

/** Binance's largest page for allOrders and myTrades (specs/binance-spot.md §3.10, §3.12). */
export const PAGE_LIMIT = 1000;

/** A bound on pages per list, so a venue that keeps answering full pages cannot loop us forever. */
const MAX_PAGES = 1000;

export interface PagedList<T> {
  /** One page of rows from the id `fromId` on (undefined: the first page), oldest first. */
  readonly page: (fromId: number | undefined) => Promise<readonly T[]>;
  /** The row's id, the paging key (orderId for orders, trade id for trades). */
  readonly idOf: (row: T) => number;
  /** True once what was read is enough (e.g. the trades add up to the executed quantity). */
  readonly enough?: (rows: readonly T[]) => boolean;
  readonly pageSize?: number;
}

/**
 * Every row of a paged list: page after page, each from the last id + 1, until a short page, an
 * empty one, or `enough`. Rows come back oldest first, each once.
 */
export async function readAllPages<T>(list: PagedList<T>): Promise<T[]> {
  const pageSize = list.pageSize ?? PAGE_LIMIT;
  const rows: T[] = [];
  let lastId = -Infinity;
  let fromId: number | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const page = await list.page(fromId);
    const fresh = page.filter((row) => list.idOf(row) > lastId);
    rows.push(...fresh);
    if (fresh.length === 0) break;
    lastId = Math.max(lastId, ...fresh.map(list.idOf));
    if (page.length < pageSize || (list.enough?.(rows) ?? false)) break;
    fromId = lastId + 1;
  }
  return rows;
}

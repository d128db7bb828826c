/** One page of a list (00-overview.md): `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Every list fetches `limit + 1` rows: the extra row only tells that another page exists, and the
 * cursor is taken from the last item returned.
 */
export function pageOf<R, T>(rows: readonly R[], limit: number, toItem: (row: R) => T, cursorOf: (item: T) => string): Page<T> {
  const items = rows.slice(0, limit).map(toItem);
  return { items, nextCursor: rows.length > limit && items.length > 0 ? cursorOf(items[items.length - 1]) : null };
}

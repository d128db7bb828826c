/** Timestamps travel as ISO 8601 strings. */
export type IsoDate = string;

/** A point of the semantic space: exactly eight numbers. */
export type Vector8 = number[];

/** One page of a list; pass `nextCursor` back as `cursor` for the next one (null or absent: last page). */
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
  total?: number;
}

/** `limit` and `cursor`, how every list pages. */
export interface PageParams {
  limit?: number;
  cursor?: string;
}

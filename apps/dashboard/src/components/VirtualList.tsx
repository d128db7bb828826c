import { type ReactNode, useState } from 'react';

/**
 * Renders only the rows in view (plus a few): thousands of rows cost what a screenful does. `busy`
 * tells assistive technology (and tests) that the list is not yet receiving what it will show.
 */
export function VirtualList<T>({ items, rowHeight, height, keyOf, row, label, busy = false }: { items: readonly T[]; rowHeight: number; height: number; keyOf(item: T): string; row(item: T): ReactNode; label: string; busy?: boolean }) {
  const [scrollTop, setScrollTop] = useState(0);
  const overscan = 5;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return (
    <div className="virtual-list" role="list" aria-label={label} aria-busy={busy} style={{ height }} onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}>
      <div style={{ height: items.length * rowHeight, position: 'relative' }}>
        {items.slice(first, last).map((item, i) => (
          <div role="listitem" key={keyOf(item)} style={{ position: 'absolute', top: (first + i) * rowHeight, height: rowHeight, left: 0, right: 0 }}>
            {row(item)}
          </div>
        ))}
      </div>
    </div>
  );
}

import { type MouseEvent, type ReactNode, useEffect, useState } from 'react';

/** The pages, by path: a tiny history router (a handful of pages do not need a routing library). */
export const PATHS = { overview: '/', signals: '/signals', space: '/space', graph: '/graph', modules: '/modules', cdna: '/constitution', rules: '/rules', console: '/console', admin: '/admin' } as const;
export type Page = keyof typeof PATHS;
/** Every page, in the order of the menu. */
export const PAGES = Object.keys(PATHS) as Page[];

const pageOf = (pathname: string): Page => (Object.entries(PATHS).find(([, path]) => path === pathname)?.[0] as Page | undefined) ?? 'overview';

export function useRoute(): Page {
  const [page, setPage] = useState(() => pageOf(window.location.pathname));
  useEffect(() => {
    const follow = () => setPage(pageOf(window.location.pathname));
    window.addEventListener('popstate', follow);
    return () => window.removeEventListener('popstate', follow);
  }, []);
  return page;
}

export function navigate(page: Page): void {
  window.history.pushState(null, '', PATHS[page]);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function Link({ to, current, children }: { to: Page; current: Page; children: ReactNode }) {
  const follow = (event: MouseEvent) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={PATHS[to]} onClick={follow} aria-current={to === current ? 'page' : undefined}>
      {children}
    </a>
  );
}

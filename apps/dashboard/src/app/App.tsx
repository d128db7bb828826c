import { lazy, type ReactElement, Suspense } from 'react';
import { Shell } from '../components/Shell.js';
import { Login } from '../pages/Login.js';
import { Modules } from '../pages/Modules.js';
import { Overview } from '../pages/Overview.js';
import { Signals } from '../pages/signals/Signals.js';
import { Constitution } from '../pages/cdna/Constitution.js';
import { Admin } from '../pages/admin/Admin.js';
import { Graph } from '../pages/graph/Graph.js';
import { Rules } from '../pages/rules/Rules.js';
import { Console } from '../pages/console/Console.js';
import { PreferencesProvider, useT } from './preferences.js';
import { type Page, useRoute } from './router.js';
import { type ServerOptions, SessionProvider, useSession } from './session.js';

// The explorer draws thousands of points: its code loads with the page, not with the app.
const SpaceExplorer = lazy(() => import('../pages/space/SpaceExplorer.js'));

const PAGES: Record<Page, () => ReactElement> = { overview: () => <Overview />, signals: () => <Signals />, space: () => <SpaceExplorer />, graph: () => <Graph />, modules: () => <Modules />, cdna: () => <Constitution />, rules: () => <Rules />, console: () => <Console />, admin: () => <Admin /> };

function Gate() {
  const t = useT();
  const { client, restoring } = useSession();
  const page = useRoute();
  if (restoring) return <p className="centered">{t('common.loading')}</p>;
  if (!client) return <Login />;
  return (
    <Shell page={page}>
      <Suspense fallback={<p>{t('common.loading')}</p>}>{PAGES[page]()}</Suspense>
    </Shell>
  );
}

export function App({ server }: { server: ServerOptions }) {
  return (
    <PreferencesProvider>
      <SessionProvider server={server}>
        <Gate />
      </SessionProvider>
    </PreferencesProvider>
  );
}

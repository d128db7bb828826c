import type { ReactElement } from 'react';
import { Shell } from '../components/Shell.js';
import { Login } from '../pages/Login.js';
import { Modules } from '../pages/Modules.js';
import { Overview } from '../pages/Overview.js';
import { Signals } from '../pages/signals/Signals.js';
import { Constitution } from '../pages/cdna/Constitution.js';
import { PreferencesProvider, useT } from './preferences.js';
import { type Page, useRoute } from './router.js';
import { type ServerOptions, SessionProvider, useSession } from './session.js';

const PAGES: Record<Page, () => ReactElement> = { overview: () => <Overview />, signals: () => <Signals />, modules: () => <Modules />, cdna: () => <Constitution /> };

function Gate() {
  const t = useT();
  const { client, restoring } = useSession();
  const page = useRoute();
  if (restoring) return <p className="centered">{t('common.loading')}</p>;
  if (!client) return <Login />;
  return <Shell page={page}>{PAGES[page]()}</Shell>;
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

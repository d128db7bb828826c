import { Shell } from '../components/Shell.js';
import { Login } from '../pages/Login.js';
import { Modules } from '../pages/Modules.js';
import { Overview } from '../pages/Overview.js';
import { PreferencesProvider, useT } from './preferences.js';
import { useRoute } from './router.js';
import { type ServerOptions, SessionProvider, useSession } from './session.js';

function Gate() {
  const t = useT();
  const { client, restoring } = useSession();
  const page = useRoute();
  if (restoring) return <p className="centered">{t('common.loading')}</p>;
  if (!client) return <Login />;
  return <Shell page={page}>{page === 'modules' ? <Modules /> : <Overview />}</Shell>;
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

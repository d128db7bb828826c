import type { ReactNode } from 'react';
import { LANGUAGES, type Language } from '../i18n/i18n.js';
import { type ThemeChoice, usePreferences } from '../app/preferences.js';
import { Link, type Page, PAGES } from '../app/router.js';
import { useSession } from '../app/session.js';

const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** The frame of every page: navigation, the connection indicator, theme, language and the user. */
export function Shell({ page, children }: { page: Page; children: ReactNode }) {
  const { t, theme, setTheme, language, setLanguage } = usePreferences();
  const { me, connection, logout, can } = useSession();
  return (
    <div className="shell">
      <header>
        <strong className="brand">{t('app.name')}</strong>
        <nav>
          {/* Admin only for those who may use a part of it. */}
          {PAGES.filter((to) => to !== 'admin' || can('users:read') || can('apikeys:own') || can('audit:read')).map((to) => (
            <Link key={to} to={to} current={page}>
              {t(`nav.${to}`)}
            </Link>
          ))}
        </nav>
        <span className={`connection ${connection}`} role="status" data-state={connection}>
          {t(`connection.${connection}`)}
        </span>
        <label>
          <span className="sr-only">{t('prefs.theme')}</span>
          <select aria-label={t('prefs.theme')} value={theme} onChange={(event) => setTheme(event.target.value as ThemeChoice)}>
            {THEMES.map((choice) => (
              <option key={choice} value={choice}>
                {t(`prefs.theme.${choice}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">{t('prefs.language')}</span>
          <select aria-label={t('prefs.language')} value={language} onChange={(event) => setLanguage(event.target.value as Language)}>
            {LANGUAGES.map((choice) => (
              <option key={choice} value={choice}>
                {choice.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <span className="user">{me?.username}</span>
        <button onClick={() => void logout()}>{t('nav.logout')}</button>
      </header>
      <main>{children}</main>
    </div>
  );
}

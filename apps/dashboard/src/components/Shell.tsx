import type { ReactNode } from 'react';
import { LANGUAGES, type Language } from '../i18n/i18n.js';
import { type ThemeChoice, usePreferences } from '../app/preferences.js';
import { Link, type Page } from '../app/router.js';
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
          <Link to="overview" current={page}>
            {t('nav.overview')}
          </Link>
          <Link to="signals" current={page}>
            {t('nav.signals')}
          </Link>
          <Link to="space" current={page}>
            {t('nav.space')}
          </Link>
          <Link to="graph" current={page}>
            {t('nav.graph')}
          </Link>
          <Link to="modules" current={page}>
            {t('nav.modules')}
          </Link>
          <Link to="cdna" current={page}>
            {t('nav.cdna')}
          </Link>
          <Link to="rules" current={page}>
            {t('nav.rules')}
          </Link>
          <Link to="console" current={page}>
            {t('nav.console')}
          </Link>
          {(can('users:read') || can('apikeys:own') || can('audit:read')) && (
            <Link to="admin" current={page}>
              {t('nav.admin')}
            </Link>
          )}
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

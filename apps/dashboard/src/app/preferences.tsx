import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { detectLanguage, type Language, type Translate, translator } from '../i18n/i18n.js';

export type ThemeChoice = 'system' | 'light' | 'dark';
const THEME_KEY = 'neurograph.theme';
const LANGUAGE_KEY = 'neurograph.language';

interface Preferences {
  theme: ThemeChoice;
  setTheme(theme: ThemeChoice): void;
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
}

const PreferencesContext = createContext<Preferences | undefined>(undefined);

function storedTheme(): ThemeChoice {
  const stored = localStorage.getItem(THEME_KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

/** Theme and language: the system's by default, switchable, remembered in this browser. */
export function PreferencesProvider({ children }: { children: ReactNode }) {
  const [theme, setThemeState] = useState<ThemeChoice>(storedTheme);
  const [language, setLanguageState] = useState<Language>(() => detectLanguage(localStorage.getItem(LANGUAGE_KEY), navigator.languages ?? [navigator.language]));
  const [systemDark, setSystemDark] = useState(() => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false);

  useEffect(() => {
    const query = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!query) return undefined;
    const follow = (event: MediaQueryListEvent) => setSystemDark(event.matches);
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);

  useEffect(() => {
    document.documentElement.dataset['theme'] = theme === 'system' ? (systemDark ? 'dark' : 'light') : theme;
  }, [theme, systemDark]);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo<Preferences>(
    () => ({
      theme,
      language,
      t: translator(language),
      setTheme(next) {
        if (next === 'system') localStorage.removeItem(THEME_KEY);
        else localStorage.setItem(THEME_KEY, next);
        setThemeState(next);
      },
      setLanguage(next) {
        localStorage.setItem(LANGUAGE_KEY, next);
        setLanguageState(next);
      },
    }),
    [theme, language],
  );
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): Preferences {
  const preferences = useContext(PreferencesContext);
  if (!preferences) throw new Error('usePreferences outside PreferencesProvider');
  return preferences;
}

export const useT = (): Translate => usePreferences().t;

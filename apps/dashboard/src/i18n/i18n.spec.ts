import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { detectLanguage, translator } from './i18n.js';
import { ru } from './ru.js';

/** Every string of every source file that reaches `t(...)`: literal keys, and the prefixes of built ones. */
function usedKeys(): { literal: Set<string>; prefixes: Set<string> } {
  const literal = new Set<string>();
  const prefixes = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !/\.spec\.tsx?$/.test(name)) {
        const source = readFileSync(path, 'utf8');
        for (const match of source.matchAll(/\bt\(\s*'([^']+)'/g)) literal.add(match[1]!);
        for (const match of source.matchAll(/\bt\(\s*`([^`$]*)\$\{/g)) prefixes.add(match[1]!);
      }
    }
  };
  walk(join(__dirname, '..'));
  return { literal, prefixes };
}

describe('translations', () => {
  it('Russian has exactly the English keys, none empty', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(ru)) expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
  });

  it('every key is used, and every key used exists', () => {
    const { literal, prefixes } = usedKeys();
    const keys = Object.keys(en);
    expect([...literal].filter((key) => !keys.includes(key))).toEqual([]);
    const unused = keys.filter((key) => !literal.has(key) && ![...prefixes].some((prefix) => key.startsWith(prefix)));
    expect(unused).toEqual([]);
    for (const prefix of prefixes) expect({ prefix, keys: keys.some((key) => key.startsWith(prefix)) }).toEqual({ prefix, keys: true });
  });

  it('keeps the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect({ key, ru: placeholders(ru[key]) }).toEqual({ key, ru: placeholders(en[key]) });
  });

  it('detects the language: the stored choice, else the browser, else English; fills placeholders', () => {
    expect(detectLanguage('ru', ['en-US'])).toBe('ru');
    expect(detectLanguage(null, ['ru-RU', 'en'])).toBe('ru');
    expect(detectLanguage('xx', ['de-DE'])).toBe('en');
    expect(translator('ru')('modules.confirmTitle', { name: 'Grid' })).toBe('Отключить Grid?');
  });
});

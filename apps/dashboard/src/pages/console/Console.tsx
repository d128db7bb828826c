import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useT } from '../../app/preferences.js';
import { useClient } from '../../app/session.js';
import { COMMANDS, execute } from './commands.js';

interface Entry {
  line: string;
  output: string;
  failed: boolean;
}

/** A terminal for the neurograph CLI's commands, run in the browser through the SDK. */
export function Console() {
  const t = useT();
  const client = useClient();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [history, setHistory] = useState<string[]>([]);
  const [cursor, setCursor] = useState<number>();
  const [line, setLine] = useState('');
  const [busy, setBusy] = useState(false);
  const end = useRef<HTMLDivElement>(null);

  // A block body: Chromium's scrollIntoView returns a promise, which React would take for a cleanup.
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [entries]);

  const run = async (event: FormEvent) => {
    event.preventDefault();
    const command = line.trim();
    if (!command) return;
    setLine('');
    setCursor(undefined);
    setHistory((previous) => [...previous, command]);
    if (command === 'clear') return setEntries([]);
    if (command === 'help') return setEntries((previous) => [...previous, { line: command, output: [...Object.keys(COMMANDS), 'help', 'clear'].join('\n'), failed: false }]);
    setBusy(true);
    try {
      const output = await execute(client, command);
      setEntries((previous) => [...previous, { line: command, output, failed: false }]);
    } catch (error) {
      const problem = error as { message?: string; code?: string; status?: number };
      setEntries((previous) => [...previous, { line: command, output: `error: ${problem.message ?? String(error)}${problem.code ? ` [${problem.status} ${problem.code}]` : ''}`, failed: true }]);
    } finally {
      setBusy(false);
    }
  };

  // Up and down walk through the commands already run, as in a shell.
  const recall = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    event.preventDefault();
    if (history.length === 0) return;
    const next = event.key === 'ArrowUp' ? Math.max(0, (cursor ?? history.length) - 1) : Math.min(history.length, (cursor ?? history.length) + 1);
    setCursor(next);
    setLine(history[next] ?? '');
  };

  return (
    <section className="console">
      <h1>{t('console.title')}</h1>
      <p className="muted">{t('console.hint')}</p>
      <div className="terminal card" role="log" aria-label={t('console.output')}>
        {entries.map((entry, i) => (
          <div key={i}>
            <div className="prompt">$ neurograph {entry.line}</div>
            <pre className={entry.failed ? 'error' : undefined}>{entry.output}</pre>
          </div>
        ))}
        <div ref={end} />
      </div>
      <form onSubmit={(event) => void run(event)} className="terminal-input">
        <span aria-hidden="true">$ neurograph</span>
        <input aria-label={t('console.command')} value={line} onChange={(event) => setLine(event.target.value)} onKeyDown={recall} disabled={busy} autoComplete="off" spellCheck={false} />
      </form>
    </section>
  );
}

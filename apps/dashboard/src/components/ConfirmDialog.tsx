import { type ReactNode, useEffect, useRef } from 'react';
import { useT } from '../app/preferences.js';

/** A modal question; Escape cancels, and focus starts on the safe choice. */
export function ConfirmDialog({ title, children, confirm, onConfirm, onCancel }: { title: string; children: ReactNode; confirm: string; onConfirm(): void; onCancel(): void }) {
  const t = useT();
  const cancelButton = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelButton.current?.focus(), []);
  return (
    <div className="backdrop" onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
      <div role="dialog" aria-modal="true" aria-labelledby="confirm-title" className="dialog">
        <h2 id="confirm-title">{title}</h2>
        <div>{children}</div>
        <div className="actions">
          <button ref={cancelButton} onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button className="danger" onClick={onConfirm}>
            {confirm}
          </button>
        </div>
      </div>
    </div>
  );
}

import { validationError } from '../../common/errors.js';
import type { SignalSink } from './sink.js';

/** Chat messages as `text.chat` signals; each chat is one sequence, so consecutive messages link in time. */
export class ChatAdapter {
  constructor(
    private readonly sink: SignalSink,
    private readonly space?: string,
  ) {}

  message(chatId: string, userId: string, text: string, tags: string[] = []): unknown {
    if (typeof chatId !== 'string' || chatId.length === 0) throw validationError([{ field: 'chatId', rule: 'required', message: 'must be a non-empty string' }]);
    if (typeof text !== 'string') throw validationError([{ field: 'text', rule: 'type', message: 'must be a string' }]);
    return this.sink({
      sensorId: 'text.chat',
      payload: text,
      sequenceId: `chat:${chatId}`,
      tags,
      metadata: { chatId, userId },
      ...(this.space ? { space: this.space } : {}),
    });
  }
}

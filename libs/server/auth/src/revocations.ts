import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_BUS, type EventBus } from '@neurograph/server-bus';

/** Internal bus channel (not in the client channel matrix): credentials that stopped being valid. */
export const REVOCATIONS_CHANNEL = '_revocations';

/** Whose live connections must end: a user (disabled, deleted, new password or role), a key, or one sign-in. */
export type Revocation = { userId: string } | { apiKeyId: string } | { sessionId: string };

/**
 * Announces revocations to every replica, so that the real-time gateways close the connections
 * that used them within moments rather than when their tokens expire.
 */
@Injectable()
export class Revocations {
  private readonly logger = new Logger('Revocations');

  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}

  announce(revocation: Revocation): void {
    this.bus.publish(REVOCATIONS_CHANNEL, 'credentials.revoked', revocation).catch((error: unknown) => this.logger.warn(`A revocation was not announced: ${String(error)}`));
  }
}

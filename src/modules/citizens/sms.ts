// Sending one-time codes by SMS. A real deployment plugs in its SMS gateway (the government SMS platform
// or a carrier's) behind this interface; the demo provider writes the message to the server log instead.
import type { FastifyBaseLogger } from 'fastify';
import { maskMobile } from '../directory/identifiers.ts';

export interface SmsSender {
  readonly name: string;
  send(mobile: string, text: string): Promise<void>;
}

/**
 * Demo only: the message goes to the server log at `warn`, so it shows at the default log level and makes
 * plain that no SMS left the machine. Never use it where the log is read by others than the citizen.
 */
export function logSmsSender(log: Pick<FastifyBaseLogger, 'warn'>): SmsSender {
  return {
    name: 'log',
    async send(mobile, text) {
      log.warn({ sms: { to: maskMobile(mobile) } }, `[演示短信 demo SMS] to ${mobile}: ${text}`);
    },
  };
}

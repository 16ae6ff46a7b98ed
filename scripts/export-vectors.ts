/**
 * `npm run vectors`: writes the contract facts the Swift and Java tests need but cannot import from
 * TypeScript into test/vectors/service.json. A test fails while the file differs from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXCHANGEABLE_TICKET } from '../miniprogram/contract/api.ts';
import { REASON_STATUS } from '../miniprogram/contract/reasons.ts';

export const SERVICE_VECTORS_PATH = 'test/vectors/service.json';

export function serviceVectors(): string {
  const vectors = {
    description:
      'Ticket service contract, generated from miniprogram/contract/ by `npm run vectors`. `reasons`: every `error` the service sends with its HTTP status. `exchangeableTicket`: what the exchange accepts as a ticket.',
    reasons: Object.entries(REASON_STATUS).map(([reason, status]) => ({ reason, status })),
    exchangeableTicket: {
      pattern: EXCHANGEABLE_TICKET.pattern.source,
      minLength: EXCHANGEABLE_TICKET.minLength,
      maxLength: EXCHANGEABLE_TICKET.maxLength,
    },
  };
  return `${JSON.stringify(vectors, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SERVICE_VECTORS_PATH, serviceVectors());
  console.log(`wrote ${SERVICE_VECTORS_PATH}`);
}

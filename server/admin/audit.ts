/**
 * The audit log: who (admin name), through what (session, token, cli), did what to what, when and from
 * where. `detail` names what changed; a secret is never written (AppSecrets appear as "(changed)",
 * passwords, tokens and pool secrets not at all, a revealed phone only as "revealed").
 */
import type { Clock } from '../clock.ts';
import type { AdminStore } from '../store/admin-types.ts';

export interface Actor {
  name: string;
  via: string;
  ip: string | null;
}

export const CLI_ACTOR: Actor = { name: 'cli', via: 'cli', ip: null };

export async function audit(
  store: AdminStore,
  clock: Clock,
  actor: Actor,
  action: string,
  target: string | null,
  detail?: Record<string, unknown>,
): Promise<void> {
  await store.addAudit({
    at: new Date(clock.now()),
    actor: actor.name,
    via: actor.via,
    action,
    target,
    detail: detail === undefined ? null : JSON.stringify(detail),
    ip: actor.ip,
  });
}

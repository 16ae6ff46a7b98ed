import { systemClock } from '../clock.ts';
import { RotationRefusedError, describeSigningKeys, rotateSigningKey } from '../key-rotation.ts';
import { KEY_REFRESH_MS, ROTATION_LEAD_MS } from '../signing-keys.ts';
import { UsageError, defineCommand } from './command.ts';
import { withStore } from './with-store.ts';

const minutes = (ms: number) => `${ms / 60_000} min`;

export default defineCommand({
  summary: 'list | rotate the keys that sign exchange tokens',
  usage: `<list|rotate> [options]
  --now               rotate: the new key signs at once, not after ${minutes(ROTATION_LEAD_MS)} (app backends
                      that cached the JWKS refetch it on the new kid)
  --revoke-previous   rotate --now: delete every other key at once; tokens they signed stop verifying
                      (for a leaked key; users log in again)
  --config <file>     the service configuration (which store; docs/server.md)
A new key is published at once and signs after ${minutes(ROTATION_LEAD_MS)}, when every cached JWKS has it. Running
replicas reread the keys every ${minutes(KEY_REFRESH_MS)}. The old key stays published until its tokens expire.`,
  options: { now: { type: 'boolean' }, 'revoke-previous': { type: 'boolean' }, config: { type: 'string' } },
  positionals: true,
  async run({ values, positionals }, io) {
    const [action, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    const print = (value: unknown) => io.out(JSON.stringify(value, null, 2));
    switch (action) {
      case 'list':
        print(await withStore(io, values.config, (store) => describeSigningKeys(store, systemClock)));
        return 0;
      case 'rotate': {
        const revokeOthers = values['revoke-previous'] === true;
        if (revokeOthers && values.now !== true) throw new UsageError('--revoke-previous: only with --now');
        try {
          const rotation = await withStore(io, values.config, (store) =>
            rotateSigningKey(store, systemClock, { leadMs: values.now === true ? 0 : ROTATION_LEAD_MS, revokeOthers }),
          );
          print({ kid: rotation.kid, signsFrom: rotation.activatesAt.toISOString(), revoked: rotation.revoked });
          return 0;
        } catch (error) {
          if (error instanceof RotationRefusedError) throw new UsageError(error.message);
          throw error;
        }
      }
      default:
        throw new UsageError(action ? `unknown action "${action}"` : 'which action?');
    }
  },
});

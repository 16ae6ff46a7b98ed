/**
 * `xiaodenglu admin`: the operator console's accounts and API tokens (docs/console.md). Passwords
 * come from XDL_ADMIN_PASSWORD, a pipe or the terminal (not echoed), never from an argument.
 */
import { systemClock } from '../clock.ts';
import { AdminAccounts, AdminInputError } from '../admin/auth.ts';
import { CLI_ACTOR } from '../admin/audit.ts';
import { PasswordPolicyError, checkPasswordPolicy } from '../admin/passwords.ts';
import { UsageError, defineCommand } from './command.ts';
import type { CliIo } from './io.ts';
import { withStore } from './with-store.ts';

async function passwordOf(io: CliIo): Promise<string> {
  const fromEnv = io.env.XDL_ADMIN_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return asUsage(async () => (checkPasswordPolicy(fromEnv), fromEnv));
  if (!io.readSecret) throw new UsageError('the password: set XDL_ADMIN_PASSWORD or pipe it to stdin');
  const password = await io.readSecret('Password: ');
  if (password === '') throw new UsageError('the password: none given (XDL_ADMIN_PASSWORD, a pipe or the terminal)');
  return asUsage(async () => {
    checkPasswordPolicy(password);
    return password;
  });
}

async function asUsage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AdminInputError || error instanceof PasswordPolicyError) throw new UsageError(error.message);
    throw error;
  }
}

export default defineCommand({
  summary: 'create | passwd | list | delete console admins; token create | list | revoke admin API tokens',
  usage: `<action> [name] [options]
  create <name>                      a console admin (the console is off until one exists)
  passwd <name>                      set a new password (signs the admin out everywhere)
  list                               the admins
  delete <name>
  token create <admin> --label <text>   an admin API token for scripts (shown once)
  token list
  token revoke <token id>
  The password is read from XDL_ADMIN_PASSWORD, else the first line on stdin, else the terminal (not echoed);
  at least 12 characters.
  --label <text>                     what the token is for
  --config <file>                    the service configuration (which store; docs/server.md)`,
  options: { label: { type: 'string' }, config: { type: 'string' } },
  positionals: true,
  async run({ values, positionals }, io) {
    const [action, ...rest] = positionals;
    const accounts = (run: (admins: AdminAccounts) => Promise<void>) =>
      withStore(io, values.config, (store) => asUsage(() => run(new AdminAccounts(store.admin, systemClock))));
    const one = (what: string): string => {
      if (rest.length !== 1) throw new UsageError(`${action}: give exactly one ${what}`);
      return rest[0]!;
    };
    switch (action) {
      case 'create': {
        const name = one('name');
        const password = await passwordOf(io);
        await accounts(async (admins) => {
          await admins.create(name, password, CLI_ACTOR);
        });
        io.out(`admin ${name} created; the console is at /admin/ of the service`);
        return 0;
      }
      case 'passwd': {
        const name = one('name');
        const password = await passwordOf(io);
        await accounts((admins) => admins.setPassword(name, password, CLI_ACTOR));
        io.out(`password of ${name} changed; their sessions ended`);
        return 0;
      }
      case 'list':
        await accounts(async (admins) => {
          const list = await admins.list();
          io.out(
            JSON.stringify(
              list.map(({ name, createdAt, passwordChangedAt }) => ({ name, createdAt, passwordChangedAt })),
              null,
              2,
            ),
          );
        });
        return 0;
      case 'delete': {
        const name = one('name');
        await accounts((admins) => admins.delete(name, CLI_ACTOR));
        io.out(`admin ${name} deleted`);
        return 0;
      }
      case 'token': {
        const [tokenAction, ...args] = rest;
        if (tokenAction === 'create') {
          if (args.length !== 1) throw new UsageError('token create: give the admin the token acts as');
          if (values.label === undefined) throw new UsageError('--label: required');
          const label = values.label;
          await accounts(async (admins) => {
            const { token, record } = await admins.createToken(args[0]!, label, CLI_ACTOR);
            io.out(JSON.stringify({ id: record.id, label, token, note: 'the token is shown only now' }, null, 2));
          });
          return 0;
        }
        if (tokenAction === 'list') {
          await accounts(async (admins) => {
            const tokens = await admins.listTokens();
            const names = new Map((await admins.list()).map((admin) => [admin.id, admin.name]));
            io.out(
              JSON.stringify(
                tokens.map((t) => ({
                  id: t.id,
                  label: t.name,
                  admin: names.get(t.adminId),
                  createdAt: t.createdAt,
                  lastUsedAt: t.lastUsedAt,
                })),
                null,
                2,
              ),
            );
          });
          return 0;
        }
        if (tokenAction === 'revoke') {
          if (args.length !== 1) throw new UsageError('token revoke: give the token id');
          await accounts((admins) => admins.revokeToken(args[0]!, CLI_ACTOR));
          io.out(`token ${args[0]} revoked`);
          return 0;
        }
        throw new UsageError(tokenAction ? `unknown token action "${tokenAction}"` : 'token: which action?');
      }
      default:
        throw new UsageError(action ? `unknown action "${action}"` : 'which action?');
    }
  },
});

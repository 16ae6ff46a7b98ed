import { parse, protocol } from '@electric-sql/pglite';
import type { PGlite } from '@electric-sql/pglite';
import type { SqlValue } from './sql.ts';

/** Beyond this many distinct statement texts, further ones run unprepared (a guard, not a working limit). */
const MAX_PREPARED = 256;

interface Prepared {
  name: string;
  paramTypes: number[];
  /** The statement's RowDescription, kept from preparing it (none if it returns no rows). */
  rowDescription: BackendMessage[];
}

const { serialize } = protocol;
type BackendMessage = Parameters<typeof parse.parseResults>[0][number];

/**
 * PGlite's `query` parses and plans its statement on every call, in six protocol exchanges; parsing
 * and planning is most of the cost of a small statement. This keeps each distinct statement text
 * prepared once (named, in PGlite's one session) and runs it as one Bind/Execute/Sync batch, reading
 * its rows with the column description kept from preparing it: the same statement, the same values,
 * about a third of the time.
 *
 * The caller serialises access (PGlite is one session): `run` must not interleave with other work.
 */
export class PreparedStatements {
  private readonly byText = new Map<string, Prepared>();

  constructor(private readonly db: PGlite) {}

  /**
   * `inTransaction`: leave the flush to storage to the COMMIT, as PGlite's own `query` does.
   * `unprepared` runs what is past the limit (the transaction's own `query` inside one).
   */
  async run<Row>(text: string, params: SqlValue[], inTransaction: boolean, unprepared: Pick<PGlite, 'query'>): Promise<Row[]> {
    const prepared = this.byText.get(text) ?? (await this.prepare(text));
    if (!prepared) return (await unprepared.query<Row>(text, params)).rows;
    const values = params.map((value, index) => this.serialise(value, prepared.paramTypes[index]));
    const { messages } = await this.db.execProtocol(
      Buffer.concat([serialize.bind({ statement: prepared.name, values }), serialize.execute({}), serialize.sync()]),
      { syncToFs: !inTransaction },
    );
    return (parse.parseResults([...prepared.rowDescription, ...messages], this.db.parsers)[0]?.rows ?? []) as Row[];
  }

  private async prepare(text: string): Promise<Prepared | null> {
    if (this.byText.size >= MAX_PREPARED) return null;
    const name = `xdl_${this.byText.size + 1}`;
    const { messages } = await this.db.execProtocol(
      Buffer.concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]),
      { syncToFs: false },
    );
    const prepared = {
      name,
      paramTypes: parse.parseDescribeStatementResults(messages),
      rowDescription: messages.filter((message) => message.name === 'rowDescription'),
    };
    this.byText.set(text, prepared);
    return prepared;
  }

  private serialise(value: SqlValue, typeId: number | undefined): string | null {
    if (value === null || value === undefined) return null;
    const serializer = typeId === undefined ? undefined : this.db.serializers[typeId];
    return serializer ? serializer(value) : String(value);
  }
}

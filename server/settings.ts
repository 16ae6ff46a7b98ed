/**
 * One way to check settings — the service's configuration, a pool's settings, a build's deployment
 * settings: each has a TypeBox schema, and every problem is reported in one style that names the
 * setting and where it came from:
 *
 *   port (XDL_PORT): must be a whole number from 0 to 65535, got "80a"
 *
 * A schema's `description` that starts with "must" is the requirement as written; otherwise it is
 * phrased from the schema's type and limits.
 */
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { parseWholeNumber } from './whole-number.ts';

export class SettingsError extends Error {}

type SchemaNode = Record<string, unknown>;

const isNode = (value: unknown): value is SchemaNode => typeof value === 'object' && value !== null && !Array.isArray(value);

function range(node: SchemaNode, unit: string): string {
  const { minimum, maximum } = node;
  if (typeof minimum === 'number' && typeof maximum === 'number') return `${unit} from ${minimum} to ${maximum}`;
  if (typeof minimum === 'number') return `${unit} of at least ${minimum}`;
  if (typeof maximum === 'number') return `${unit} of at most ${maximum}`;
  return unit;
}

/** What a value must be, in words, from its schema. */
export function requirement(schema: unknown): string {
  if (!isNode(schema)) return 'must be valid';
  if (typeof schema.description === 'string' && schema.description.startsWith('must ')) return schema.description;
  const members = Array.isArray(schema.anyOf)
    ? schema.anyOf.filter(isNode)
    : Array.isArray(schema.oneOf)
      ? schema.oneOf.filter(isNode)
      : null;
  if (members) {
    const nullable = members.some((member) => member.type === 'null');
    const others = members.filter((member) => member.type !== 'null');
    const literals = others.map((member) => member.const);
    const base = literals.every((value) => value !== undefined)
      ? `must be one of ${literals.map(String).join(', ')}`
      : others.length === 1
        ? requirement(others[0])
        : 'must be valid';
    return nullable ? `${base} or null` : base;
  }
  if (Array.isArray(schema.enum)) return `must be one of ${schema.enum.map(String).join(', ')}`;
  switch (schema.type) {
    case 'integer':
      return `must be a ${range(schema, 'whole number')}`;
    case 'number':
      return `must be a ${range(schema, 'number')}`;
    case 'boolean':
      return 'must be true or false';
    case 'object':
      return 'must be an object';
    case 'array':
      return `must be a list${isNode(schema.items) && schema.items.type === 'string' ? ' of strings' : ''}`;
    case 'string': {
      if (typeof schema.pattern === 'string') return `must match /${schema.pattern}/`;
      const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
      const max = typeof schema.maxLength === 'number' ? ` of at most ${schema.maxLength} characters` : '';
      return min > 0 ? `must be a non-empty string${max}` : `must be a string${max}`;
    }
    default:
      return 'must be valid';
  }
}

/** The schema of the value at a JSON pointer into values of `schema` (objects only). */
function schemaAt(schema: unknown, pointer: string): unknown {
  let node = schema;
  for (const key of pointer.split('/').filter(Boolean)) {
    node = isNode(node) && isNode(node.properties) ? node.properties[key] : undefined;
  }
  return node;
}

function valueAt(value: unknown, pointer: string): unknown {
  let node = value;
  for (const key of pointer.split('/').filter(Boolean)) node = isNode(node) ? node[key] : undefined;
  return node;
}

const dotted = (pointer: string): string => pointer.split('/').filter(Boolean).join('.');

/**
 * Checks `values` against `schema` and returns them typed, or throws a SettingsError listing every
 * problem, one per line. `labelOf(path)` names a setting (`port`, `port (XDL_PORT)`, `body.name`…).
 */
export function checkSettings<T extends TSchema>(
  schema: T,
  values: unknown,
  labelOf: (path: string) => string = (path) => path,
): Static<T> {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const error of Value.Errors(schema, values)) {
    const path = dotted(error.instancePath);
    let problem: string | null = null;
    if (error.keyword === 'additionalProperties') {
      const extra = (error.params as { additionalProperties?: unknown }).additionalProperties;
      const names = Array.isArray(extra) ? extra.map(String) : [];
      problem = names.map((name) => `${labelOf(path ? `${path}.${name}` : name)}: unknown setting`).join('\n');
    } else if (error.keyword === 'required') {
      const missing = (error.params as { requiredProperties?: unknown }).requiredProperties;
      const names = Array.isArray(missing) ? missing.map(String) : [];
      problem = names.map((name) => `${labelOf(path ? `${path}.${name}` : name)}: required`).join('\n');
    } else if (error.keyword !== 'boolean' && !seen.has(path)) {
      // One problem per setting: the requirement of its whole schema, not each failed keyword.
      problem = `${labelOf(path)}: ${requirement(schemaAt(schema, error.instancePath))}, got ${JSON.stringify(valueAt(values, error.instancePath))}`;
    }
    seen.add(path);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new SettingsError([...new Set(problems)].join('\n'));
  return values as Static<T>;
}

/**
 * Text from an environment variable or a command-line flag, read as the schema's type says: digits
 * as a whole number, true/false/1/0 as a boolean, a comma-separated list as a list. Anything else stays
 * text, for the check to refuse.
 */
export function fromText(schema: unknown, text: string): unknown {
  const members =
    isNode(schema) && Array.isArray(schema.anyOf) ? schema.anyOf.filter(isNode).filter((member) => member.type !== 'null') : [];
  const type = members.length === 1 ? members[0]?.type : isNode(schema) ? schema.type : undefined;
  if (type === 'integer' || type === 'number') return parseWholeNumber(text) ?? text;
  if (type === 'array') return text.split(',').map((item) => item.trim());
  if (type === 'boolean') {
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0') return false;
  }
  return text;
}

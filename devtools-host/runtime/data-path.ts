/** `setData` keys and `Page.getData` paths: `a.b[0].c`. */

export class DataPathError extends Error {}

export function parseDataPath(key: string): Array<string | number> {
  const segments: Array<string | number> = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]/g;
  let consumed = 0;
  for (let match = pattern.exec(key); match !== null; match = pattern.exec(key)) {
    const between = key.slice(consumed, match.index);
    if (between !== '' && between !== '.') throw new DataPathError(`setData: malformed data path ${JSON.stringify(key)}`);
    segments.push(match[2] !== undefined ? Number(match[2]) : (match[1] as string));
    consumed = match.index + match[0].length;
  }
  if (segments.length === 0 || consumed !== key.length) throw new DataPathError(`setData: malformed data path ${JSON.stringify(key)}`);
  return segments;
}

type Container = Record<string | number, unknown>;

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

export function setAtPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const segments = parseDataPath(key);
  let cursor: Container = target;
  segments.forEach((segment, index) => {
    if (index === segments.length - 1) {
      cursor[segment] = value;
      return;
    }
    const next = cursor[segment];
    if (isContainer(next)) {
      cursor = next;
    } else {
      const created: Container = typeof segments[index + 1] === 'number' ? ([] as unknown as Container) : {};
      cursor[segment] = created;
      cursor = created;
    }
  });
}

export function getAtPath(source: unknown, key: string): unknown {
  let cursor = source;
  for (const segment of parseDataPath(key)) {
    if (!isContainer(cursor)) return undefined;
    cursor = cursor[segment];
  }
  return cursor;
}

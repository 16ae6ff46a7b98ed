/**
 * The CSS subset automator tests use on WXML: tag, `#id`, `.class`, `[attr]`, `[attr=value]`
 * (also `^=`, `$=`, `*=`, `~=`), compounds (`button#phone.primary`), descendant and child (`>`)
 * combinators, and comma lists. Tags match WXML names (`button`), never the DOM's `wx-button`.
 */
import { attributeValue, descendants, type VElement } from './vnode.ts';

type AttributeOperator = '=' | '^=' | '$=' | '*=' | '~=';

interface AttributeTest {
  name: string;
  operator: AttributeOperator | null;
  value: string;
}

interface Compound {
  tag: string | null;
  ids: string[];
  classes: string[];
  attributes: AttributeTest[];
}

/** Right-to-left: `parts[last]` is the subject; `combinators[i]` joins parts[i] and parts[i + 1]. */
interface Complex {
  parts: Compound[];
  combinators: Array<' ' | '>'>;
}

export class SelectorError extends Error {
  constructor(selector: string, detail: string) {
    super(`invalid selector ${JSON.stringify(selector)}: ${detail}`);
    this.name = 'SelectorError';
  }
}

const IDENT = /^-?[A-Za-z_][\w-]*/;

function parseComplex(text: string, whole: string): Complex {
  const parts: Compound[] = [];
  const combinators: Array<' ' | '>'> = [];
  let rest = text.trim();
  let pending: ' ' | '>' | null = null;
  while (rest.length > 0) {
    const compound: Compound = { tag: null, ids: [], classes: [], attributes: [] };
    let consumed = false;
    for (;;) {
      if (rest.startsWith('*')) {
        rest = rest.slice(1);
      } else if (!consumed && IDENT.test(rest)) {
        const tag = (IDENT.exec(rest) as RegExpExecArray)[0];
        compound.tag = tag.toLowerCase().replace(/^wx-/, '');
        rest = rest.slice(tag.length);
      } else if (rest.startsWith('#') || rest.startsWith('.')) {
        const name = IDENT.exec(rest.slice(1));
        if (!name) throw new SelectorError(whole, `a name must follow "${rest[0]}"`);
        (rest.startsWith('#') ? compound.ids : compound.classes).push(name[0]);
        rest = rest.slice(1 + name[0].length);
      } else if (rest.startsWith('[')) {
        const match = /^\[\s*([\w:-]+)\s*(?:([\^$*~]?=)\s*(?:"([^"]*)"|'([^']*)'|([^\]\s]+))\s*)?\]/.exec(rest);
        if (!match) throw new SelectorError(whole, `unreadable attribute test at ${JSON.stringify(rest)}`);
        const operator = (match[2] ?? null) as AttributeOperator | null;
        compound.attributes.push({ name: match[1], operator, value: match[3] ?? match[4] ?? match[5] ?? '' });
        rest = rest.slice(match[0].length);
      } else {
        break;
      }
      consumed = true;
    }
    if (!consumed) throw new SelectorError(whole, `unexpected ${JSON.stringify(rest[0])}`);
    if (pending !== null) combinators.push(pending);
    parts.push(compound);
    const gap = /^\s*(>)?\s*/.exec(rest) as RegExpExecArray;
    if (gap[0].length === 0 && rest.length > 0) throw new SelectorError(whole, `unexpected ${JSON.stringify(rest[0])}`);
    pending = gap[1] === '>' ? '>' : ' ';
    rest = rest.slice(gap[0].length);
    if (rest.length === 0 && gap[1] === '>') throw new SelectorError(whole, 'nothing after ">"');
  }
  if (parts.length === 0) throw new SelectorError(whole, 'empty selector');
  return { parts, combinators };
}

export function parseSelector(selector: string): Complex[] {
  if (typeof selector !== 'string') throw new SelectorError(String(selector), 'a selector must be a string');
  return selector.split(',').map((piece) => parseComplex(piece, selector));
}

function classList(element: VElement): string[] {
  const value = element.attrs.class;
  return typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : [];
}

function attributeText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function testAttribute(element: VElement, test: AttributeTest): boolean {
  const actual = attributeText(attributeValue(element, test.name));
  if (actual === null) return false;
  switch (test.operator) {
    case null:
      return true;
    case '=':
      return actual === test.value;
    case '^=':
      return test.value !== '' && actual.startsWith(test.value);
    case '$=':
      return test.value !== '' && actual.endsWith(test.value);
    case '*=':
      return test.value !== '' && actual.includes(test.value);
    case '~=':
      return actual.split(/\s+/).includes(test.value);
  }
}

function matchesCompound(element: VElement, compound: Compound): boolean {
  if (compound.tag !== null && element.tag !== compound.tag) return false;
  if (compound.ids.some((id) => element.attrs.id !== id)) return false;
  const classes = classList(element);
  if (compound.classes.some((name) => !classes.includes(name))) return false;
  return compound.attributes.every((test) => testAttribute(element, test));
}

/** `scope` bounds the ancestors a descendant combinator may climb to (an Element query's own element). */
function matchesComplex(element: VElement, complex: Complex, scope: VElement): boolean {
  const { parts, combinators } = complex;
  const matchFrom = (candidate: VElement, index: number): boolean => {
    if (!matchesCompound(candidate, parts[index])) return false;
    if (index === 0) return true;
    const combinator = combinators[index - 1];
    let ancestor = candidate.parent;
    while (ancestor !== null) {
      if (matchFrom(ancestor, index - 1)) return true;
      if (combinator === '>' || ancestor === scope) return false;
      ancestor = ancestor.parent;
    }
    return false;
  };
  return matchFrom(element, parts.length - 1);
}

/** Document order; `scope`'s descendants only, and `scope` itself when it is the page root. */
export function querySelectorAll(scope: VElement, selector: string): VElement[] {
  const complexes = parseSelector(selector);
  const candidates = scope.parent === null ? [scope, ...descendants(scope)] : [...descendants(scope)];
  return candidates.filter((element) => complexes.some((complex) => matchesComplex(element, complex, scope)));
}

export function querySelector(scope: VElement, selector: string): VElement | null {
  return querySelectorAll(scope, selector)[0] ?? null;
}

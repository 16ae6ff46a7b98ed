/**
 * WeChat's CommonJS for the built mini-program: `require` of relative or root-absolute paths,
 * with or without `.js`, each module evaluated once inside the app-service `vm` context.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { isFunction } from '../guards.ts';

interface ModuleRecord {
  exports: unknown;
}

export class ModuleNotFoundError extends Error {
  constructor(request: string, from: string) {
    super(`module "${request}" is not defined (required from ${from || 'the app root'})`);
    this.name = 'ModuleNotFoundError';
  }
}

export class ModuleLoader {
  private readonly cache = new Map<string, ModuleRecord>();
  /** Normalized request → file (or null): the file system is asked once per path. */
  private readonly resolved = new Map<string, string | null>();

  constructor(
    private readonly root: string,
    private readonly context: vm.Context,
  ) {}

  /** `moduleId` is root-relative, `.js` optional, e.g. `app.js`, `routes/explore`. */
  load(moduleId: string, from = ''): unknown {
    const resolved = this.resolve(moduleId, from);
    if (resolved === null) throw new ModuleNotFoundError(moduleId, from);
    const cached = this.cache.get(resolved);
    if (cached) return cached.exports;
    const record: ModuleRecord = { exports: {} };
    this.cache.set(resolved, record);
    const file = path.join(this.root, resolved);
    if (resolved.endsWith('.json')) {
      record.exports = JSON.parse(readFileSync(file, 'utf8'));
      return record.exports;
    }
    const wrapper = `(function (require, module, exports, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
    const factory: unknown = vm.runInContext(wrapper, this.context, { filename: file });
    if (!isFunction(factory)) throw new Error(`could not compile ${resolved}`);
    const require = (request: unknown): unknown => {
      if (typeof request !== 'string') throw new TypeError(`require: module path must be a string, got ${typeof request}`);
      return this.load(request, resolved);
    };
    try {
      factory.call(record.exports, require, record, record.exports, resolved, path.posix.dirname(resolved));
    } catch (error) {
      this.cache.delete(resolved);
      throw error;
    }
    return record.exports;
  }

  has(moduleId: string): boolean {
    return this.resolve(moduleId, '') !== null;
  }

  private resolve(request: string, from: string): string | null {
    const base = request.startsWith('/')
      ? request.slice(1)
      : request.startsWith('.')
        ? path.posix.join(path.posix.dirname(from), request)
        : request;
    const normalized = path.posix.normalize(base);
    if (normalized.startsWith('..')) return null;
    const known = this.resolved.get(normalized);
    if (known !== undefined) return known;
    const found = [normalized, `${normalized}.js`, `${normalized}/index.js`].find((candidate) => {
      const file = path.join(this.root, candidate);
      return existsSync(file) && statSync(file).isFile();
    });
    this.resolved.set(normalized, found ?? null);
    return found ?? null;
  }
}

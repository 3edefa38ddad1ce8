// The fleet's hold on its store: the journal, the order journal and the kill flags are written
// before anything is acted on, so a write that fails (disk full, a read-only file or folder, no
// permission) means the next step must not happen. The guard turns the first such failure into a
// StoreFailure naming the store and the error code, tells the fleet (which stops trading), and
// fails every later call at once: a later write that happens to fit (SQLite reuses free space in
// a page it has) must not let an order out after one was refused.
import { StoreFailure } from '../core/index.ts';

/** Error codes of a store that cannot take writes: SQLite's (`SQLITE_FULL`, `SQLITE_READONLY_…`, `SQLITE_IOERR_…`) and the file system's. */
const FILE_SYSTEM_CODES = new Set(['ENOSPC', 'EROFS', 'EACCES', 'EPERM', 'EIO', 'EDQUOT', 'EFBIG']);

export class StoreGuard {
  private failed: StoreFailure | undefined;

  /**
   * @param storePath the store's file (or URL), named in the failure
   * @param onFailure called once, with the first failure, before it is thrown to the writer
   */
  constructor(
    private readonly storePath: string,
    private readonly onFailure: (failure: StoreFailure) => void,
  ) {}

  /** The first failure, once there was one. */
  get failure(): StoreFailure | undefined {
    return this.failed;
  }

  /**
   * `target` (a store: journal, orders, kills) with every method guarded: a store error it throws
   * becomes the StoreFailure (`what` names the part: "journal"), and after one, every call throws it.
   */
  wrap<T extends object>(target: T, what: string): T {
    return new Proxy(target, {
      get: (object, key) => {
        const value: unknown = Reflect.get(object, key, object);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]): unknown => {
          if (this.failed !== undefined) throw this.failed;
          try {
            return (value as (...a: unknown[]) => unknown).apply(object, args);
          } catch (error) {
            const code = storeErrorCode(error);
            if (code === undefined) throw error;
            throw this.fail(code, what, error);
          }
        };
      },
    });
  }

  private fail(code: string, what: string, error: unknown): StoreFailure {
    const message = error instanceof Error ? error.message : String(error);
    this.failed = new StoreFailure(`store ${this.storePath}: a write to the ${what} failed (${code}: ${message}); trading stopped, nothing sent after it`);
    this.onFailure(this.failed);
    return this.failed;
  }
}

/** The code of an error that says the store cannot take writes; undefined for any other error. */
function storeErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  return code.startsWith('SQLITE_') || FILE_SYSTEM_CODES.has(code) ? code : undefined;
}

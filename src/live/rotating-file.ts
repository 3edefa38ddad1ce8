// A log file that rotates by size and keeps a fixed number of files: `fleet.log` is written,
// `fleet.log.1` is the one before it, up to `fleet.log.<files − 1>`; the oldest is deleted. Lines
// are written synchronously, so what was logged before a crash (kill -9 included) is on disk, and a
// line is never split across two files.
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface RotatingFileOptions {
  /** The file written; rotated copies get `.1`, `.2` … appended. */
  readonly path: string;
  /** A file is rotated before a line would take it past this size (bytes, ≥ 1). */
  readonly maxBytes: number;
  /** Files kept, the one being written included (≥ 1; 1 = truncate instead of keeping a copy). */
  readonly files: number;
}

export class RotatingFile {
  /** −1 once closed. */
  private fd: number;
  private size: number;

  constructor(private readonly options: RotatingFileOptions) {
    if (!(options.maxBytes >= 1) || !Number.isInteger(options.files) || options.files < 1) {
      throw new RangeError(`rotating log ${options.path}: maxBytes must be ≥ 1 and files an integer ≥ 1 (got ${options.maxBytes}, ${options.files})`);
    }
    mkdirSync(path.dirname(options.path), { recursive: true });
    this.fd = openSync(options.path, 'a');
    this.size = fstatSync(this.fd).size;
  }

  /**
   * Appends `text` (whole lines); rotates first when it would not fit. A line longer than
   * `maxBytes` gets a file of its own rather than being cut. After `close`, nothing is written
   * (false): a line logged during shutdown after the file closed is dropped, not thrown.
   */
  write(text: string): boolean {
    if (this.fd === -1) return false;
    const bytes = Buffer.byteLength(text);
    if (this.size > 0 && this.size + bytes > this.options.maxBytes) this.rotate();
    writeSync(this.fd, text);
    this.size += bytes;
    return true;
  }

  close(): void {
    if (this.fd !== -1) closeSync(this.fd);
    this.fd = -1;
  }

  private rotate(): void {
    closeSync(this.fd);
    const { path: file, files } = this.options;
    if (files > 1) {
      rmSync(`${file}.${files - 1}`, { force: true });
      for (let i = files - 2; i >= 1; i--) renameIfPresent(`${file}.${i}`, `${file}.${i + 1}`);
      renameSync(file, `${file}.1`);
    }
    this.fd = openSync(file, 'w');
    this.size = 0;
  }
}

function renameIfPresent(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

// Writing the fleet file from the API: the new text is written beside it, validated by reading it
// back as `rampart run` would (readFleetFile: schemas, rates, retired keys), then the current file
// is copied to `<file>.bak` and the new one renamed over it (atomic on one file system), so a
// reader sees the old file or the new one, never half of it, and a bad text changes nothing.
import { copyFileSync, existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFleetFile } from '../config/index.ts';
import type { FleetConfig } from '../config/index.ts';
import { ConfigError, InputError } from '../core/index.ts';
import { ApiError } from './errors.ts';

/**
 * Validates `text` as a fleet file and puts it in place of `file` (the old one kept as
 * `<file>.bak`); the parsed config. ApiError 400 CONFIG_INVALID naming the field when it does not
 * validate (nothing is changed then).
 */
export function replaceFleetFile(file: string, text: string): FleetConfig {
  const pending = `${file}.new`;
  writeFileSync(pending, text, { mode: 0o600 });
  let config: FleetConfig;
  try {
    config = readFleetFile(pending);
  } catch (error) {
    rmSync(pending, { force: true });
    if (error instanceof ConfigError || error instanceof InputError) {
      const field = error.location.field;
      throw new ApiError(400, 'CONFIG_INVALID', `${field === undefined ? 'config' : `config.${field}`}: ${error.detail}${error.location.line === undefined ? '' : ` (line ${error.location.line} of the YAML)`}; the fleet file was not changed`);
    }
    throw error;
  }
  if (existsSync(file)) copyFileSync(file, `${file}.bak`);
  renameSync(pending, file);
  return config;
}

// Secrets never reach a log line or an error message: every secret the process loads is
// registered here, and every line written for people passes through `redact`.

const secrets = new Set<string>();

/** Registers a secret (API key, secret, passphrase); short values are ignored as too common to mask. */
export function registerSecret(value: string): void {
  if (value.length >= 6) secrets.add(value);
}

/** `text` with every registered secret masked, as written and as escaped inside a JSON string. */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) {
    out = out.split(secret).join(mask(secret));
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) out = out.split(escaped).join(JSON.stringify(mask(secret)).slice(1, -1));
  }
  return out;
}

/** The first four characters and a marker, enough to tell keys apart in a list. */
export function mask(secret: string): string {
  return `${secret.slice(0, 4)}…[redacted]`;
}

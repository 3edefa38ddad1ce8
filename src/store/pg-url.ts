// PostgreSQL addresses as the command line takes them (`--store postgres://…`).

/** True for a postgres:// or postgresql:// URL. */
export function isPostgresUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//.test(text);
}

/** The URL with its password masked, for messages: never print a password. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

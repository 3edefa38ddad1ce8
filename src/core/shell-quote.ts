// Quoting for command lines printed as hints, so a path with spaces still runs as printed.

/** `a b` → `'a b'`; words made only of safe characters are left as they are (POSIX sh quoting). */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

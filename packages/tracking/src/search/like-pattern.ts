/**
 * A SQL LIKE pattern as a regular expression over the whole string: `%` is any run of
 * characters (newlines included), `_` exactly one character, everything else literal. No escape
 * character, as in MLflow's SQLite store and its Python matcher. `ignoreCase` gives ILIKE.
 */
export function likePatternToRegExp(pattern: string, ignoreCase: boolean): RegExp {
  let source = '';
  for (const character of pattern) {
    if (character === '%') source += '[\\s\\S]*';
    else if (character === '_') source += '[\\s\\S]';
    else source += character.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, ignoreCase ? 'iu' : 'u');
}

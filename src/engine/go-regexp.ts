/**
 * Go regexp (RE2) patterns as Docker's `name` filter uses them, run with JavaScript's engine. The
 * syntax both share covers what users write; Go's leading flag groups (`(?i)`, `(?s)`, `(?m)`,
 * `(?U)` aside) are turned into JavaScript flags. A pattern JavaScript cannot compile matches
 * nothing, as Docker skips patterns Go cannot compile.
 */
export function compileGoRegexp(pattern: string): RegExp | undefined {
  let flags = 'u';
  let body = pattern;
  const lead = /^\(\?([imsU]+)\)/.exec(body);
  if (lead?.[1] && !lead[1].includes('U')) {
    for (const f of lead[1]) if (!flags.includes(f)) flags += f;
    body = body.slice(lead[0].length);
  }
  try {
    return new RegExp(body, flags);
  } catch {
    try {
      return new RegExp(body, flags.replace('u', ''));
    } catch {
      return undefined;
    }
  }
}

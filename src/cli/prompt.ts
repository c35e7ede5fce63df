/**
 * docker/cli prompt.Confirm: writes `<message> [y/N] `, reads one line; only `y`/`Y` (trimmed)
 * confirms. Ctrl-C while waiting prints a newline and ends the process with 130, as docker does.
 */
export async function confirm(
  stdin: NodeJS.ReadStream,
  out: (text: string) => void,
  message: string,
): Promise<boolean> {
  out(`${message} [y/N] `);
  const onSigint = (): void => {
    out('\n');
    process.exit(130);
  };
  process.once('SIGINT', onSigint);
  try {
    const line = await readLine(stdin);
    return line !== undefined && line.trim().toLowerCase() === 'y';
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function readLine(stdin: NodeJS.ReadStream): Promise<string | undefined> {
  return new Promise((resolve) => {
    let buf = '';
    let got = false;
    const done = (value: string | undefined): void => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.pause();
      resolve(value);
    };
    const onData = (chunk: Buffer | string): void => {
      got = true;
      buf += chunk.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) done(buf.slice(0, nl).replace(/\r$/, ''));
    };
    const onEnd = (): void => done(got ? buf : undefined);
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}

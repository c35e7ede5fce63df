import { describe, expect, it } from 'vitest';
import { createDaemonEnvironment, replaceOrAppendEnvValues } from './docker-env.js';

describe('Docker environment rules', () => {
  it('replaces, appends and unsets like ReplaceOrAppendEnvValues', () => {
    expect(replaceOrAppendEnvValues(['A=1', 'B=2', 'C=3'], ['B=x', 'D=4', 'C'])).toEqual([
      'A=1',
      'B=x',
      'D=4',
    ]);
    expect(replaceOrAppendEnvValues(['A=1'], ['A', 'A=2'])).toEqual(['A=2']);
  });

  it('puts PATH, HOSTNAME and TERM (with a TTY) under the container env', () => {
    expect(createDaemonEnvironment('h', false, ['X=1'])).toEqual([
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'HOSTNAME=h',
      'X=1',
    ]);
    expect(createDaemonEnvironment('h', true, ['PATH=/bin', 'TERM=dumb'])).toEqual([
      'PATH=/bin',
      'HOSTNAME=h',
      'TERM=dumb',
    ]);
  });
});

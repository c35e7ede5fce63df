import { describe, expect, it } from 'vitest';
import { kindOf } from '../../errors/index.js';
import { generateContainerName, validateContainerName } from './container-names.js';
import { rfc3339ToNano } from './container-logs.js';
import { entrypointAndArgs, mergeImageConfig } from './merge-config.js';

describe('mergeImageConfig (moby merge)', () => {
  const image = {
    Env: ['PATH=/bin', 'A=image'],
    Cmd: ['sh'],
    WorkingDir: '/w',
    User: 'nobody',
    Volumes: { '/data': {} },
    Labels: { from: 'image' },
  };

  it('fills what the container leaves out and overrides env by key', () => {
    const m = mergeImageConfig({ Env: ['A=mine', 'B=new'], Labels: { l: '1' } }, image);
    expect(m.Env).toEqual(['PATH=/bin', 'A=mine', 'B=new']);
    expect(m.Cmd).toEqual(['sh']);
    expect(m.WorkingDir).toBe('/w');
    expect(m.User).toBe('nobody');
    expect(m.Volumes).toEqual({ '/data': {} });
    expect(m.Labels).toEqual({ from: 'image', l: '1' });
  });

  it("takes the image's Cmd only when neither Cmd nor Entrypoint is given", () => {
    expect(mergeImageConfig({ Entrypoint: ['echo'] }, image).Cmd).toBeNull();
    expect(mergeImageConfig({ Cmd: ['true'] }, image).Cmd).toEqual(['true']);
  });

  it('builds Path and Args from entrypoint and command', () => {
    expect(entrypointAndArgs({ Entrypoint: ['sh', '-c'], Cmd: ['echo hi'] })).toEqual({
      path: 'sh',
      args: ['-c', 'echo hi'],
    });
    const err = (() => {
      try {
        entrypointAndArgs({});
      } catch (e) {
        return e as Error;
      }
      throw new Error('no error');
    })();
    expect(err.message).toBe('No command specified');
    expect(kindOf(err)).toBe('invalid-parameter');
  });
});

describe('container names', () => {
  it('validates as Docker and adds the leading slash', () => {
    expect(validateContainerName('web')).toBe('/web');
    expect(validateContainerName('/web')).toBe('/web');
    expect(() => validateContainerName('a')).toThrow(
      'Invalid container name (a), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed',
    );
    expect(() => validateContainerName('bad name')).toThrow('Invalid container name (bad name)');
  });

  it('generates adjective_name names, with a digit on retries', () => {
    expect(generateContainerName(0)).toMatch(/^[a-z]+_[a-z]+$/);
    expect(generateContainerName(1)).toMatch(/^[a-z]+_[a-z]+\d$/);
  });
});

describe('rfc3339ToNano', () => {
  it('keeps nanoseconds exact', () => {
    expect(rfc3339ToNano('2026-11-27T20:38:39.992592094Z')).toBe(1795811919992592094n);
    expect(rfc3339ToNano('2026-11-27T20:38:39Z')).toBe(1795811919000000000n);
  });
});

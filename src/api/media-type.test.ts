import { describe, expect, it } from 'vitest';
import { parseMediaType } from './media-type.js';

describe('parseMediaType (Go mime.ParseMediaType)', () => {
  it.each([
    ['application/json', { mediaType: 'application/json' }],
    ['Application/JSON; charset=utf-8', { mediaType: 'application/json' }],
    ['application/json;', { mediaType: 'application/json' }],
    ['text/plain', { mediaType: 'text/plain' }],
    ['', { error: 'mime: no media type' }],
    ['application', { mediaType: 'application' }],
    ['application/', { error: 'mime: expected token after slash' }],
    ['application json', { error: 'mime: expected slash after first token' }],
    ['application/json x', { error: 'mime: unexpected content after media subtype' }],
    ['@', { error: 'mime: no media type' }],
    ['a@b', { error: 'mime: expected slash after first token' }],
    ['application/json; charset', { error: 'mime: invalid media parameter' }],
    ['application/json; a=1; a=2', { error: 'mime: duplicate parameter name' }],
  ])('%j → %j', (input, expected) => {
    expect(parseMediaType(input)).toEqual(expected);
  });
});

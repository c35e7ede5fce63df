import { describe, expect, it } from 'vitest';
import { formatGoFloat, goJSONFloat } from './go-float.js';

describe('formatGoFloat (strconv.FormatFloat)', () => {
  it.each([
    [1, 'g', -1, '1'],
    [1.5, 'g', -1, '1.5'],
    [123456, 'g', -1, '123456'],
    [1234567, 'g', -1, '1.234567e+06'],
    [1e6, 'g', -1, '1e+06'],
    [1e20, 'g', -1, '1e+20'],
    [1e-5, 'g', -1, '1e-05'],
    [1e-4, 'g', -1, '0.0001'],
    [0, 'g', -1, '0'],
    [-0, 'g', -1, '-0'],
    [1.0625, 'g', 4, '1.062'],
    [1.0635, 'g', 4, '1.063'],
    [1.1875, 'g', 4, '1.188'],
    [999.999, 'g', 4, '1000'],
    [99999.5, 'g', 4, '1e+05'],
    [1234567, 'g', 3, '1.23e+06'],
    [0.000012345, 'g', -1, '1.2345e-05'],
    [1234.5678, 'e', 6, '1.234568e+03'],
    [0, 'e', 6, '0.000000e+00'],
    [1e21, 'e', 2, '1.00e+21'],
    [3.14159, 'f', 2, '3.14'],
    [0.5, 'f', 0, '0'],
    [1.5, 'f', 0, '2'],
    [2.5, 'f', 0, '2'],
    [1.005, 'f', 2, '1.00'],
    [1e21, 'f', -1, '1000000000000000000000'],
    [3.5, 'x', -1, '0x1.cp+01'],
    [3.5, 'x', 2, '0x1.c0p+01'],
    [0, 'x', -1, '0x0p+00'],
    [-0.1, 'X', -1, '-0X1.999999999999AP-04'],
    [1, 'b', -1, '4503599627370496p-52'],
    [NaN, 'g', -1, 'NaN'],
    [Infinity, 'g', -1, '+Inf'],
    [-Infinity, 'e', 3, '-Inf'],
  ])('%d %s %d → %s', (x, verb, prec, want) => expect(formatGoFloat(x, verb, prec)).toBe(want));
});

describe('goJSONFloat (encoding/json)', () => {
  it.each([
    [1.5, '1.5'],
    [0.1, '0.1'],
    [1e21, '1e+21'],
    [1e-7, '1e-7'],
    [123456789.5, '123456789.5'],
    [1e20, '100000000000000000000'],
  ])('%d → %s', (x, want) => expect(goJSONFloat(x)).toBe(want));

  it('rejects NaN and infinities like json.Marshal', () => {
    expect(() => goJSONFloat(NaN)).toThrow('json: unsupported value: NaN');
    expect(() => goJSONFloat(-Infinity)).toThrow('json: unsupported value: -Inf');
  });
});

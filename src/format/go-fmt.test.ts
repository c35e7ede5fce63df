// fmt.Sprint / Sprintln / Sprintf over the value model (the template goldens cover more, via printf).
import { describe, expect, it } from 'vitest';
import { goSprint, goSprintln } from './go-fmt.js';
import { goSprintf } from './go-printf.js';
import { GoFloat, GoMap, GoNil, GoSlice, GoStruct } from './go-value.js';

describe('goSprint / goSprintln', () => {
  it('spaces operands like fmt', () => {
    expect(goSprint([null, 1, 2, 'a', 'b', 3])).toBe('<nil> 1 2ab3');
    expect(goSprintln([1, 'a'])).toBe('1 a\n');
    expect(goSprint([])).toBe('');
  });

  it('prints composites like %v', () => {
    const s = new GoStruct('t.T', {
      A: 'x',
      B: new GoNil('*t.U'),
      C: [1, new GoFloat(2.5)],
      D: new GoMap({ z: 1, a: null }),
    });
    expect(goSprint([s])).toBe('{x <nil> [1 2.5] map[a:<nil> z:1]}');
    expect(
      goSprint([new GoSlice(['a'], { elem: 'string' }), new GoNil('[]string'), new GoNil('map[string]int')]),
    ).toBe('[a] [] map[]');
  });

  it('uses String() methods of wrapped values', () => {
    const s = new GoStruct('t.T', { A: 1 }, { methods: { String: () => 'custom' } });
    expect(goSprint([s])).toBe('custom');
    expect(goSprintf('%q|%v|%d', [s, [s], s])).toBe('"custom"|[custom]|{1}');
  });
});

describe('goSprintf', () => {
  it.each([
    ['%d %s %v %q %x', [5, 'a', 1.5, 'q', 'hi'], '5 a 1.5 "q" 6869'],
    ['%s', [5], '%!s(int=5)'],
    ['%d', [], '%!d(MISSING)'],
    ['%d', [1, 2], '1%!(EXTRA int=2)'],
    ['%d%%', [5], '5%'],
    ['%!', [], '%!!(MISSING)'],
    ['%', [], '%!(NOVERB)'],
    ['%z', [1], '%!z(int=1)'],
    [
      '%5d|%-5d|%05d|%x|%X|%o|%b|%c|%q|%U',
      [42, 42, 42, 255, 255, 8, 5, 65, 65, 65],
      "   42|42   |00042|ff|FF|10|101|A|'A'|U+0041",
    ],
    [
      '%.2f|%e|%g|%8.3f|%-8.2e|%G',
      [3.14159, 1234.5678, 0.000012345, 2.5, new GoFloat(1e21), 1e-7],
      '3.14|1.234568e+03|1.2345e-05|   2.500|1.00e+21|1E-07',
    ],
    ['%*d|%-*d|%.*f', [5, 1, 5, 2, 2, 3.14159], '    1|2    |3.14'],
    ['%[2]d %[1]d', [1, 2], '2 1'],
    ['%[3]d', [1, 2], '%!d(BADINDEX)'],
    ['%.*d', ['a', 1], '%!(BADPREC)1'],
    ['%6.2s|%q|%x|% x|%#x', ['hello', 'a\tb', 'hi', 'hi', 'hi'], '    he|"a\\tb"|6869|68 69|0x6869'],
    [
      '%v %v %v %v',
      [new GoFloat(1e6), new GoFloat(1e20), new GoFloat(123456), 1e6],
      '1e+06 1e+20 123456 1000000',
    ],
    ['%+q|%#q|%#q', ['é', 'a`b', 'ab'], '"\\u00e9"|"a`b"|`ab`'],
    ['%x %X %o %b', [-255, -255, -8, -5], '-ff -FF -10 -101'],
    ['%#o %#b %O %#08x', [8, 5, 8, 255], '010 0b101 0o10 0x000000ff'],
    ['%.3d|%.0d|%5.0d|', [7, 0, 0], '007||     |'],
    ['%t %v', [true, false], 'true false'],
    ['%v %d %s', [null, null, null], '<nil> %!d(<nil>) %!s(<nil>)'],
    ['%T %T %T %T', [1, 1.5, 's', {}], 'int float64 string map[string]interface {}'],
    ['%+v', [new GoStruct('t.T', { A: 1, B: 'x' })], '{A:1 B:x}'],
    ['%#v', [new GoStruct('t.T', { A: 1, B: 'x' })], 't.T{A:1, B:"x"}'],
    ['%d', [new GoStruct('t.T', { A: 'x', P: new GoNil('*t.P') })], '{%!d(string=x) 0}'],
    ['%.2x|%b', [new GoFloat(3.5), new GoFloat(1)], '0x1.c0p+01|4503599627370496p-52'],
    ['%6.2f|%+.1e|% d|%+d', [new GoFloat(1), 1234.5, 5, 5], '  1.00|+1.2e+03| 5|+5'],
    ['%6.2f', [1], '%!f(int=    01)'],
  ])('%j', (format, args, want) => expect(goSprintf(format, args)).toBe(want));
});

/**
 * The names Go's `\p{…}` accepts (regexp/syntax unicodeTable, Go ≥ 1.25), mapped to JavaScript
 * property escapes: `Any`, `ASCII`, `Assigned`, the general categories by short name (`L`, `Lu`,
 * `Cn`, `LC`, …) or long alias (`Letter`, `Uppercase_Letter`, …), and the scripts of package
 * unicode by their long names (`Greek`, `Old_Italic`; never ISO codes like `Grek`). Lookup ignores
 * case, spaces, underscores and hyphens, as Go's canonicalName does. Script_Extensions, binary
 * properties and block names are not Go syntax and are refused.
 */

const CATEGORIES =
  'C:Other Cc:Control Cf:Format Cn:Unassigned Co:Private_Use Cs:Surrogate L:Letter LC:Cased_Letter ' +
  'Ll:Lowercase_Letter Lm:Modifier_Letter Lo:Other_Letter Lt:Titlecase_Letter Lu:Uppercase_Letter ' +
  'M:Mark Mc:Spacing_Mark Me:Enclosing_Mark Mn:Nonspacing_Mark N:Number Nd:Decimal_Number ' +
  'Nl:Letter_Number No:Other_Number P:Punctuation Pc:Connector_Punctuation Pd:Dash_Punctuation ' +
  'Pe:Close_Punctuation Pf:Final_Punctuation Pi:Initial_Punctuation Po:Other_Punctuation ' +
  'Ps:Open_Punctuation S:Symbol Sc:Currency_Symbol Sk:Modifier_Symbol Sm:Math_Symbol So:Other_Symbol ' +
  'Z:Separator Zl:Line_Separator Zp:Paragraph_Separator Zs:Space_Separator';

/** Package unicode's Scripts table (Unicode 15.0). */
export const GO_SCRIPTS = (
  'Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali ' +
  'Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian ' +
  'Chakma Cham Cherokee Chorasmian Common Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret ' +
  'Devanagari Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Georgian ' +
  'Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi Gurmukhi Han Hangul Hanifi_Rohingya ' +
  'Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic Inherited Inscriptional_Pahlavi ' +
  'Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kawi Kayah_Li Kharoshthi ' +
  'Khitan_Small_Script Khmer Khojki Khudawadi Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian ' +
  'Lydian Mahajani Makasar Malayalam Mandaic Manichaean Marchen Masaram_Gondi Medefaidrin ' +
  'Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian Mro Multani ' +
  'Myanmar Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham ' +
  'Ol_Chiki Old_Hungarian Old_Italic Old_North_Arabian Old_Permic Old_Persian Old_Sogdian ' +
  'Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau ' +
  'Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada Shavian Siddham ' +
  'SignWriting Sinhala Sogdian Sora_Sompeng Soyombo Sundanese Syloti_Nagri Syriac Tagalog Tagbanwa ' +
  'Tai_Le Tai_Tham Tai_Viet Takri Tamil Tangsa Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta ' +
  'Toto Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square'
).split(' ');

const canonical = (name: string) => name.replace(/[ _-]/g, '').toLowerCase();

let table: Map<string, string> | undefined;

function buildTable(): Map<string, string> {
  const t = new Map<string, string>([
    ['any', '\\p{Any}'],
    ['ascii', '\\p{ASCII}'],
    ['assigned', '\\p{Assigned}'],
  ]);
  for (const pair of CATEGORIES.split(' ')) {
    const [short = '', long = ''] = pair.split(':');
    t.set(canonical(short), `\\p{gc=${short}}`);
    t.set(canonical(long), `\\p{gc=${short}}`);
  }
  for (const script of GO_SCRIPTS) t.set(canonical(script), `\\p{sc=${script}}`);
  return t;
}

const usable = new Map<string, boolean>();

/**
 * The JS class-body fragment for a Go Unicode class name (without `\p`, braces or `^`), or
 * undefined when Go would refuse the name — or when this Node's ICU lacks the script, in which
 * case refusing is the only sound answer.
 */
export function unicodeClassBody(name: string): string | undefined {
  table ??= buildTable();
  const body = table.get(canonical(name));
  if (body === undefined) return undefined;
  let ok = usable.get(body);
  if (ok === undefined) {
    try {
      new RegExp(`[${body}]`, 'u');
      ok = true;
    } catch {
      ok = false;
    }
    usable.set(body, ok);
  }
  return ok ? body : undefined;
}

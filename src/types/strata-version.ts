/** Strata's release, reported by `/version`, `/info`, the Server header and `strata version`. Kept equal to package.json (a test checks). */
export const strataVersion = '0.1.0';

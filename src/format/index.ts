/**
 * src/format — Go text/template, docker/cli's template functions and formatter mechanics, Go's
 * tabwriter, go-units sizes and natural ordering. Imports only node builtins.
 *
 * Templates:   parseTemplate, Template, TemplateParseError, TemplateExecError, dockerTemplateErrorMessage
 * Go values:   GoStruct, GoMap, GoSlice, GoFloat, GoNil, GoFunc/GoFuncSpec/GoParam (see go-value.ts)
 * Go fmt/json: goSprint, goSprintln, goSprintf, goJSONMarshal, goQuote, formatGoFloat
 * Docker:      dockerFuncs, dockerHeaderFuncs, renderFormatted, parseFormat, renderTable, templateText,
 *              isTableFormat, isJSONFormat, formatterContext, headerContext, contextJSON, headerLabel
 * Tables:      TabWriter, TabFlags, DOCKER_TABLE, stringWidth
 * Misc:        humanSize, humanSizeWithPrecision, bytesSize, naturalLess, naturalCompare
 */
export { parseTemplate, Template, type ParseTemplateOptions } from './template.js';
export { TemplateParseError, TemplateExecError, dockerTemplateErrorMessage } from './template-errors.js';
export {
  GoStruct,
  GoMap,
  GoSlice,
  GoFloat,
  GoNil,
  type GoFunc,
  type GoFuncSpec,
  type GoParam,
  type GoElemKind,
  type GoStructOptions,
  type GoMapOptions,
  type GoSliceOptions,
} from './go-value.js';
export { goSprint, goSprintln } from './go-fmt.js';
export { goSprintf } from './go-printf.js';
export { goJSONMarshal } from './go-json.js';
export { goQuote } from './go-quote.js';
export { formatGoFloat } from './go-float.js';
export { dockerFuncs, dockerHeaderFuncs } from './docker-funcs.js';
export {
  TABLE_FORMAT_KEY,
  RAW_FORMAT_KEY,
  PRETTY_FORMAT_KEY,
  JSON_FORMAT_KEY,
  JSON_FORMAT,
  isTableFormat,
  isJSONFormat,
  templateText,
} from './formatter-format.js';
export {
  COMMON_HEADERS,
  FormatterContext,
  formatterContext,
  headerContext,
  headerLabel,
  contextJSON,
  type FormatterContextOptions,
  type Getters,
} from './formatter-context.js';
export { renderFormatted, renderTable, parseFormat, type RenderOptions } from './formatter-render.js';
export { TabWriter, TabFlags, DOCKER_TABLE, type TabWriterOptions } from './tabwriter.js';
export { stringWidth, runeWidth } from './rune-width.js';
export { humanSize, humanSizeWithPrecision, bytesSize, humanDuration } from './go-units.js';
export { naturalLess, naturalCompare } from './natural-order.js';

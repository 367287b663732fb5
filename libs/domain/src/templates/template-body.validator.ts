import { describeChar, invalid, requireString } from '../validation/validation.util';
import { printable } from '../net/ipv4';
import { BLOCK_VARIABLES, FREE_TEXT_VARIABLES, MAX_TEMPLATE_BODY_LENGTH, TEMPLATE_VARIABLES, type TemplateVariable } from './template.model';

/** One `{{NAME}}` in a body: where it is, so messages and the renderer can point at it. */
export interface TemplatePlaceholder {
  readonly variable: TemplateVariable;
  /** 1-based line number. */
  readonly line: number;
}

/** A candidate placeholder: anything between `{{` and `}}` on one line. */
const CANDIDATE = /\{\{([^{}\n]*)\}\}/g;
const IDENTIFIER = /^[A-Z][A-Z0-9_]*$/;
/**
 * Everything a text editor does not show plainly: C0/C1 controls and DEL (tab and line
 * feed are blanked out before the check), Unicode line/paragraph separators, and bidi overrides, which can make a reviewer
 * read a different file than the one wg-quick runs ("Trojan Source").
 */
const FORBIDDEN_CHAR = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/u;
/**
 * wg-quick runs these through bash as root. A template is shared by many peers and may be
 * written by an operator, so allowing them would turn "edit a template" into "run code on
 * every device that applies the file". The renderers never emit them either.
 */
const HOOK_DIRECTIVE = /^\s*(PreUp|PostUp|PreDown|PostDown)\s*=/i;

const KNOWN = new Set<string>(TEMPLATE_VARIABLES);
const knownList = TEMPLATE_VARIABLES.map((name) => `{{${name}}}`).join(', ');

/** True when wg-quick would treat the line as a comment. */
export function isCommentLine(line: string): boolean {
  return line.trimStart().startsWith('#');
}

/**
 * Checks a template body when it is saved and returns it with CRLF line ends turned into LF
 * (a textarea may send either). Refused, naming the line:
 * - unknown variables (`TEMPLATE.UNKNOWN_VARIABLE`, listing the known ones) and malformed
 *   placeholders such as `{{ NAME`, `{{}}` or `{{ PEER_NAME }}` (`TEMPLATE.MALFORMED_PLACEHOLDER`);
 * - `{{PEER_NAME}}`/`{{WAN_NAME}}` outside a `#` comment, and `{{PEERS}}` not alone on its
 *   line (`TEMPLATE.MISPLACED_VARIABLE`);
 * - PreUp/PostUp/PreDown/PostDown shell hooks (`TEMPLATE.FORBIDDEN_DIRECTIVE`);
 * - control characters other than `\n` and `\t`, and bodies that are empty or over
 *   16 KiB (`TEMPLATE.INVALID_BODY`).
 *
 * Example: `"Address = {{TUNEL_IP}}/32"` fails with `details.variable === 'TUNEL_IP'`.
 */
export function validateTemplateBody(value: unknown, field: string): string {
  const raw = requireString(value, field, 'TEMPLATE.INVALID_BODY', 'the text of a template');
  const body = raw.replace(/\r\n/g, '\n');
  const fail = (why: string, extra: Record<string, unknown> = {}) => invalid('TEMPLATE.INVALID_BODY', field, `${field} ${why}`, extra);
  if (body.trim() === '') throw fail('must not be empty.');
  if (body.length > MAX_TEMPLATE_BODY_LENGTH) {
    throw fail(`is ${body.length} characters long; templates have at most ${MAX_TEMPLATE_BODY_LENGTH}.`);
  }
  // Same length, so the match index still points into `body`.
  const bad = FORBIDDEN_CHAR.exec(body.replace(/[\n\t]/g, ' '));
  if (bad !== null) {
    throw fail(`contains ${describeChar(bad[0])} on line ${lineOf(body, bad.index)}; only printable text, tabs and line breaks are allowed.`, {
      line: lineOf(body, bad.index),
    });
  }
  body.split('\n').forEach((line, index) => checkLine(line, index + 1, field));
  return body;
}

/** The variables a (valid) body uses, in order of first appearance. */
export function templateVariablesOf(body: string): TemplateVariable[] {
  const seen = new Set<TemplateVariable>();
  for (const placeholder of scanPlaceholders(body)) seen.add(placeholder.variable);
  return [...seen];
}

/** Every placeholder of a body that passed {@link validateTemplateBody}. */
export function scanPlaceholders(body: string): TemplatePlaceholder[] {
  const found: TemplatePlaceholder[] = [];
  body.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(CANDIDATE)) {
      if (KNOWN.has(match[1]!)) found.push({ variable: match[1] as TemplateVariable, line: index + 1 });
    }
  });
  return found;
}

function checkLine(line: string, lineNumber: number, field: string): void {
  const at = `${field} line ${lineNumber}`;
  const details = { line: lineNumber };
  if (HOOK_DIRECTIVE.test(line)) {
    const directive = HOOK_DIRECTIVE.exec(line)![1];
    throw invalid('TEMPLATE.FORBIDDEN_DIRECTIVE', field, `${at}: ${directive} runs shell commands on the device and is not allowed in templates; remove the line.`, {
      ...details,
      directive,
    });
  }
  for (const match of line.matchAll(CANDIDATE)) checkPlaceholder(match[1]!, line, at, field, details);
  const rest = line.replace(CANDIDATE, '');
  if (rest.includes('{{') || rest.includes('}}')) {
    throw invalid(
      'TEMPLATE.MALFORMED_PLACEHOLDER',
      field,
      `${at}: "${printable(line)}" has an unbalanced "{{" or "}}"; write variables as {{NAME}}, e.g. {{TUNNEL_IP}}.`,
      details,
    );
  }
}

function checkPlaceholder(inner: string, line: string, at: string, field: string, details: { line: number }): void {
  if (KNOWN.has(inner)) {
    const variable = inner as TemplateVariable;
    if (FREE_TEXT_VARIABLES.includes(variable) && !isCommentLine(line)) {
      throw invalid('TEMPLATE.MISPLACED_VARIABLE', field, `${at}: {{${variable}}} is free text and may only be used on a "#" comment line.`, {
        ...details,
        variable,
      });
    }
    if (BLOCK_VARIABLES.includes(variable) && line.trim() !== `{{${variable}}}`) {
      throw invalid('TEMPLATE.MISPLACED_VARIABLE', field, `${at}: {{${variable}}} expands to several lines and must stand alone on its line.`, {
        ...details,
        variable,
      });
    }
    return;
  }
  const normalized = inner.trim().toUpperCase();
  if (KNOWN.has(normalized)) {
    throw invalid('TEMPLATE.MALFORMED_PLACEHOLDER', field, `${at}: write {{${normalized}}} exactly, in capitals and without spaces.`, {
      ...details,
      variable: normalized,
    });
  }
  if (!IDENTIFIER.test(inner)) {
    throw invalid(
      'TEMPLATE.MALFORMED_PLACEHOLDER',
      field,
      `${at}: "{{${printable(inner)}}}" is not a variable; write variables as {{NAME}}, e.g. {{TUNNEL_IP}}.`,
      details,
    );
  }
  throw invalid('TEMPLATE.UNKNOWN_VARIABLE', field, `${at}: {{${inner}}} is not a template variable. Known variables: ${knownList}.`, {
    ...details,
    variable: inner,
    known: [...TEMPLATE_VARIABLES],
  });
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}


// The widget's stylesheet names no physical direction: margins, paddings, borders, offsets,
// alignment, floats and corners are logical (inline-start/end), so on a right-to-left page
// (Arabic, Hebrew) the widget mirrors with no CSS of its own. Top and bottom stay as they are:
// right-to-left scripts are written in horizontal lines too. `background-position` and
// `translateX` are left to review: there is no logical form of either, and a centered one is
// right in both directions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support.mjs';

const SIDE = { left: 'start', right: 'end' };

/** Blanks comments and the insides of strings, keeping every newline: line numbers still hold,
 *  and a comment that says why, or `content: "left: 0"`, is not a declaration. */
function blank(css) {
  const spaces = (text) => text.replace(/[^\n]/g, ' ');
  return css.replace(/\/\*[\s\S]*?(?:\*\/|$)|"(?:[^"\\\n]|\\[\s\S])*"|'(?:[^'\\\n]|\\[\s\S])*'/g, (match) =>
    match.startsWith('/*') ? spaces(match) : match[0] + spaces(match.slice(1, -1)) + match.at(-1));
}

/** Every declaration with its line: what ends in `;` or `}` (what ends in `{` is a selector or
 *  an at-rule's prelude, and their colons are pseudo-classes or media features). */
function declarations(css) {
  const text = blank(css);
  const found = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const end = text[i];
    if (end !== undefined && end !== ';' && end !== '{' && end !== '}') continue;
    const segment = text.slice(start, i);
    const parsed = end !== '{' && /^(\s*)([-\w]+)\s*:([\s\S]*)$/.exec(segment);
    if (parsed) {
      const at = start + parsed[1].length;
      const line = text.slice(0, at).split('\n').length;
      const value = parsed[3].replace(/!\s*important\s*$/i, '').replace(/\s+/g, ' ').trim();
      found.push({ line, property: parsed[2].toLowerCase(), value });
    }
    start = i + 1;
  }
  return found;
}

/** A value's top-level words: `0 calc(1px + 2px) 0 0` has four. */
function words(value) {
  const out = [];
  let depth = 0;
  let word = '';
  for (const c of value) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ' ' && depth === 0) {
      if (word) out.push(word);
      word = '';
    } else {
      word += c;
    }
  }
  if (word) out.push(word);
  return out;
}

/** Shorthands whose four values are top, right, bottom, left. */
const FOUR_SIDES = new Set(['margin', 'padding', 'inset', 'border-width', 'border-style', 'border-color', 'scroll-margin', 'scroll-padding']);

/** What is physical about one declaration, with its logical form; undefined when nothing is. */
function physical({ property, value }) {
  if (property.startsWith('--')) return undefined;
  const name = property.replace(/^-(webkit|moz|ms|o)-/, '');
  const keyword = value.toLowerCase().replace(/^-(webkit|moz)-/, '');
  let m;
  if ((m = /^(margin|padding|scroll-margin|scroll-padding)-(left|right)$/.exec(name))) return `${m[1]}-inline-${SIDE[m[2]]}`;
  if ((m = /^border-(left|right)(-color|-style|-width)?$/.exec(name))) return `border-inline-${SIDE[m[1]]}${m[2] ?? ''}`;
  if ((m = /^(left|right)$/.exec(name))) return `inset-inline-${SIDE[m[1]]}`;
  if ((m = /^border-(top|bottom)-(left|right)-radius$/.exec(name))) {
    return `border-${m[1] === 'top' ? 'start' : 'end'}-${SIDE[m[2]]}-radius`;
  }
  if (/^text-align(-last)?$/.test(name) && SIDE[keyword]) return `${name}: ${SIDE[keyword]}`;
  if (/^(float|clear)$/.test(name) && SIDE[keyword]) return `${name}: inline-${SIDE[keyword]}`;
  if (FOUR_SIDES.has(name)) {
    const [, right, , left] = words(value);
    if (left !== undefined && left !== right) {
      const [kind, part] = name.startsWith('border-') ? ['border', name.slice('border'.length)] : [name, ''];
      return `${kind}-block${part}, ${kind}-inline-start${part} and ${kind}-inline-end${part} (its right and left differ)`;
    }
  }
  if (name === 'border-radius') {
    // Corners top-left, top-right, bottom-right, bottom-left, per radius before and after `/`.
    for (const radii of value.split('/').map(words)) {
      const [a, b = a, c = a, d = b] = radii;
      if (a !== b || c !== d) return 'border-start-start-radius, border-start-end-radius, border-end-end-radius and border-end-start-radius (its left and right corners differ)';
    }
  }
  return undefined;
}

/** `line: declaration → logical form` for each physical direction in `css`. */
function check(css) {
  return declarations(css).flatMap((d) => {
    const logical = physical(d);
    return logical ? [`${d.line}: ${d.property}: ${d.value} → ${logical}`] : [];
  });
}

test('style/widget.css names no physical direction', () => {
  const css = readFileSync(join(ROOT, 'style', 'widget.css'), 'utf8');
  assert.ok(declarations(css).length > 100, 'the check reads the declarations of the stylesheet');
  const problems = check(css);
  assert.deepEqual(problems, [], `physical directions in style/widget.css (line: declaration → use instead):\n${problems.join('\n')}`);
});

test('the check finds each physical form and passes the logical ones', () => {
  const css = [
    '/* margin-left: 1px in a comment; a comment says why */',
    '.a { margin-left: 1px; padding-right: 2px !important; scroll-padding-left: 0 }',
    '.b { border-left: 1px solid; border-right-color: red; }',
    '.c:hover, a[href^="left"] { position: absolute; left: 0; right: 0; }',
    '.d { text-align: left; text-align-last: right; float: right; clear: left; text-align: -webkit-left; }',
    '.e { border-top-left-radius: 2px; -webkit-border-bottom-right-radius: 2px; border-radius: 8px 0; }',
    '.f { margin: 0 1rem 0 0; padding: 1px 2px 3px 4px; inset: 0 auto 0 calc(1px + 2px); border-width: 0 1px 0 2px; }',
    '@media (min-width: 40em) { .g { margin-right: 0 } }',
    '.h { content: "left: 0"; margin: 0 1rem 0 1rem; padding: 0 0 12px; margin: 0 0 var(--gap); text-align: start; }',
    '.i { float: inline-start; clear: both; inset-inline-start: 0; border-inline-start: 4px solid; --side: left; }',
    '.j { border-radius: 4px 4px 0 0; border-radius: 999px; border-radius: 8px / 4px; margin: calc(1px + 2px) 0 0 0; }',
    '.k { padding-top: 1px; border-bottom: 1px solid; text-align: center; float: none; }',
  ].join('\n');
  const lines = check(css).map((problem) => problem.replace(/ →.*/, ''));
  assert.deepEqual(lines, [
    '2: margin-left: 1px',
    '2: padding-right: 2px',
    '2: scroll-padding-left: 0',
    '3: border-left: 1px solid',
    '3: border-right-color: red',
    '4: left: 0',
    '4: right: 0',
    '5: text-align: left',
    '5: text-align-last: right',
    '5: float: right',
    '5: clear: left',
    '5: text-align: -webkit-left',
    '6: border-top-left-radius: 2px',
    '6: -webkit-border-bottom-right-radius: 2px',
    '6: border-radius: 8px 0',
    '7: margin: 0 1rem 0 0',
    '7: padding: 1px 2px 3px 4px',
    '7: inset: 0 auto 0 calc(1px + 2px)',
    '7: border-width: 0 1px 0 2px',
    '8: margin-right: 0',
  ]);
  assert.deepEqual(check('.a { margin-left: 0 }').map((p) => p.replace(/.*→ /, '')), ['margin-inline-start']);
  assert.deepEqual(check('.a { border-bottom-left-radius: 0 }').map((p) => p.replace(/.*→ /, '')), ['border-end-start-radius']);
  assert.deepEqual(check('.a { float: left }').map((p) => p.replace(/.*→ /, '')), ['float: inline-start']);
  assert.deepEqual(check('.a { border-color: red blue red green }').map((p) => p.replace(/.*→ /, '')),
    ['border-block-color, border-inline-start-color and border-inline-end-color (its right and left differ)']);
});

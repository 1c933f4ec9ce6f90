// The plan finder's search alone, natively (pricing-core's `finder_timing` example, release
// build): the bound is 1 ms for 10 lines of work, and the widget runs the same search in
// the wasm on every keystroke, so this is the floor under the finder timing measured in the page.
import { execFileSync } from 'node:child_process';
import { ROOT } from '../../tests/e2e/support.mjs';

export function printNativeFinderTiming() {
  const printed = execFileSync('cargo', ['run', '--release', '--locked', '-q', '-p', 'pricing-core', '--example', 'finder_timing'], { cwd: ROOT, encoding: 'utf8' });
  console.log(printed.trim());
}

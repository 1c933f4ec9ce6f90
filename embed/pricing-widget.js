// The widget's stable entry point. A page embeds it with two lines:
//   <script type="module" src="https://cdn.example/pricing/pricing-widget.js"></script>
//   <pricing-widget api="https://billing.example/v1" currency="EUR"></pricing-widget>
// The build writes this file next to the content-hashed files it loads; only this file keeps a
// stable name, so everything it loads can be cached forever.
//
// What a visitor sees first: a pasted snippet's pre-rendered shadow root paints with the page;
// otherwise this script fetches the pre-rendered fragment for the element's attributes (a few
// KB) and shows it at once. The wasm then takes over what is on screen.

/** Fragments being fetched for the widgets on the page. */
const fragments = [];

/** The catalog's translation files by language (the build fills this in; the catalog's own
 *  language has none, its words are in the wasm). */
const TRANSLATIONS = __TRANSLATIONS__;
const SOURCE_LANGUAGE = __SOURCE_LANGUAGE__;
/** The languages the build pre-rendered, each with the locale of its numbers and dates. */
const PRERENDER_LOCALES = __PRERENDER_LOCALES__;
const translations = new Map();

/** The visitor's language as the wasm will choose it (`pricing_core::i18n::negotiate`: the
 *  same tag, else the same language in the same script: Chinese is Traditional in Taiwan, Hong
 *  Kong and Macao), so that its translation is fetched while the wasm loads. The wasm decides;
 *  a different answer only costs the translation. */
function languageOf(element) {
  const wanted = [locale(element)].filter(Boolean);
  if (!wanted.length) wanted.push(...(navigator.languages?.length ? navigator.languages : [navigator.language]));
  const offered = [SOURCE_LANGUAGE, ...Object.keys(TRANSLATIONS)];
  for (const tag of wanted) {
    // Up to any extension: `zh-CN-u-nu-latn` names a numbering system, not a script.
    const parts = tag.toLowerCase().split(/[-_]/);
    const extension = parts.findIndex((part) => part.length === 1);
    const [language, ...rest] = extension < 0 ? parts : parts.slice(0, extension);
    const script = rest.find((part) => part.length === 4) ?? (language === 'zh' && (rest.some((part) => /^(tw|hk|mo)$/.test(part)) ? 'hant' : 'hans'));
    const reads = (offer) => {
      const [l, s] = offer.toLowerCase().split('-');
      return l === language && (s?.length !== 4 || s === script);
    };
    const found = offered.find((offer) => offer.toLowerCase() === tag.toLowerCase().replace(/_/g, '-')) ?? offered.find(reads);
    if (found) return found;
  }
  return SOURCE_LANGUAGE;
}

/** The `locale` attribute when it is a well-formed tag. (The wasm decides whether the browser
 *  formats it, with `supportedLocalesOf`; here that call would load the browser's locale data,
 *  60-140 ms on a phone, before the widget's first paint.) */
function locale(element) {
  const asked = element.getAttribute('locale')?.trim();
  try {
    // As the wasm reads it: in its canonical form (`de-at` is `de-AT`).
    return (asked && Intl.getCanonicalLocales(asked)[0]) || null;
  } catch {
    return null;
  }
}

/** A file's text; an answer that is not OK is an error naming the file. */
const fetchText = (url) => fetch(url).then((answer) => (answer.ok ? answer.text() : Promise.reject(new Error(`${url}: HTTP ${answer.status}`))));

/** The translation's text for the element's language; undefined for the catalog's own. With an
 *  API, the translation of the catalog version it serves (a publication in the studio changes
 *  the texts as it changes the prices); the build's file when the API does not answer. */
function translation(element) {
  const language = languageOf(element);
  if (language === SOURCE_LANGUAGE) return Promise.resolve(undefined);
  const api = element.getAttribute('api')?.trim() || null;
  const key = `${api}|${language}`;
  if (!translations.has(key)) {
    const built = () => fetchText(new URL(TRANSLATIONS[language], import.meta.url));
    const served = api ? fetchText(new URL(`catalog/translations/${language}`, api.endsWith('/') ? api : `${api}/`)) : built();
    const loaded = served
      .catch((error) => (api ? built() : Promise.reject(error)))
      .catch((error) => console.warn(`pricing-widget: the ${language} translation could not load`, error));
    translations.set(key, loaded);
  }
  return translations.get(key);
}

/** Resolves once the browser has painted what is on screen: its first contentful paint has
 *  been presented (or a second has passed without one), and one more frame has gone by. */
function afterPaint() {
  const contentful = new Promise((resolve) => {
    new PerformanceObserver((list, observer) => {
      if (list.getEntriesByName('first-contentful-paint').length) observer.disconnect(), resolve();
    }).observe({ type: 'paint', buffered: true });
    setTimeout(resolve, 1000);
  });
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  return contentful.then(frame).then(frame);
}

/** One wasm per page, whatever the number of widgets, fetched next to this file. It is requested
 *  once what is pre-rendered (pasted, or fetched) is on screen, so that on a slow phone line the
 *  wasm (about 235 KB) never competes with the first paint; the takeover runs in a task of its
 *  own, so neither blocks the page for long. A takeover that fails leaves its instance broken
 *  (a panic aborts it): `freshRuntime` loads another one (the files come from the cache). A
 *  page with only a customer's account view never loads it. */
let runtime = null;
function widgetRuntime() {
  runtime ??= Promise.resolve().then(async () => {
    await Promise.allSettled(fragments);
    await afterPaint();
    const loading = instantiate('./__GLUE__');
    warmFormatting();
    return loading;
  });
  return runtime;
}

/** The account view's own wasm, for signed-in customers only: nobody else downloads it. */
const ACCOUNT_TRANSLATIONS = __ACCOUNT_TRANSLATIONS__;
let accountRuntime = null;
function accountGlue() {
  accountRuntime ??= import('./__ACCOUNT_GLUE__').then(async (glue) => {
    await glue.default({ module_or_path: new URL('./__ACCOUNT_WASM__', import.meta.url) });
    return glue;
  });
  return accountRuntime;
}

/** The account view's words in the element's language (undefined for the catalog's own). */
function accountTranslation(element) {
  const language = languageOf(element);
  if (language === SOURCE_LANGUAGE || !ACCOUNT_TRANSLATIONS[language]) return Promise.resolve(undefined);
  const key = `account|${language}`;
  if (!translations.has(key)) {
    const loaded = fetchText(new URL(ACCOUNT_TRANSLATIONS[language], import.meta.url))
      .catch((error) => console.warn(`pricing-widget: the ${language} account translation could not load`, error));
    translations.set(key, loaded);
  }
  return translations.get(key);
}

/** Whether the element's `sections` name the account, and whether they name nothing else. */
function accountSections(element) {
  const names = (element.getAttribute('sections') ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  return { named: names.includes('account'), only: names.length > 0 && names.every((name) => name === 'account') };
}

/** The browser's first `Intl` formatter loads its locale data: the dearest single step of a
 *  takeover (60-140 ms on a phone, in one task). Chromium keeps that data for the whole process,
 *  so a worker (`pricing-widget-warm.js`) loads it off the main thread while the wasm downloads
 *  and compiles. A page can only start a worker from its own origin (a `blob:` one would break a
 *  strict CSP, which this script cannot read); from another origin, or if the worker fails, the
 *  formatters are made here, each in a task of its own, which the takeover's tasks then find
 *  ready. */
function warmFormatting() {
  const locales = [...new Set([...widgets].map((w) => locale(w) ?? PRERENDER_LOCALES[languageOf(w)] ?? navigator.language))];
  const script = new URL('./pricing-widget-warm.js', import.meta.url);
  if (script.origin !== location.origin || typeof Worker !== 'function') return warmHere(locales);
  try {
    const worker = new Worker(script);
    const done = () => worker.terminate();
    worker.onmessage = done;
    worker.onerror = (event) => (event.preventDefault(), done(), warmHere(locales));
    worker.postMessage(locales);
  } catch {
    warmHere(locales);
  }
}

function warmHere(locales) {
  const steps = locales.flatMap((tag) => [
    () => new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' }).format(0),
    () => new Intl.NumberFormat(tag, { style: 'currency', currency: 'USD' }).format(1),
  ]);
  const next = () => {
    const step = steps.shift();
    if (!step) return;
    const start = performance.now();
    try {
      step();
    } catch {
      // A locale the browser does not know: the wasm falls back as it always has.
    }
    performance.measure('pricing-widget warm', { start });
    setTimeout(next);
  };
  setTimeout(next);
}
let runtimes = 0;

async function instantiate(glueUrl) {
  const glue = await import(glueUrl);
  // On the page's performance timeline (DevTools, the benchmarks), as the wasm's own phases are.
  const start = performance.now();
  await glue.default({ module_or_path: new URL('./__WASM__', import.meta.url) });
  performance.measure('pricing-widget compile', { start });
  await afterPaint();
  return glue;
}

function freshRuntime(broken) {
  runtime = widgetRuntime().then((current) => (current === broken ? instantiate(`./__GLUE__?instance=${++runtimes}`) : current));
  return runtime;
}

/** What a visitor does to a widget before it is live: kept, and done again once it is, in
 *  order (event replay, as Angular does after hydration). A button press before then does not
 *  submit the no-JavaScript form; the widget shows a busy cursor until it answers. */
class EarlyInteractions {
  static #busy = new CSSStyleSheet();
  static {
    EarlyInteractions.#busy.replaceSync(':host, button, label, select, input { cursor: progress !important; }');
  }

  #root;
  #steps = [];
  #listen = (event) => this.#keep(event);

  constructor(root) {
    this.#root = root;
    for (const type of ['click', 'input', 'change', 'submit']) root.addEventListener(type, this.#listen, true);
  }

  #keep(event) {
    const target = event.composedPath()[0];
    if (!(target instanceof Element)) return;
    event.stopPropagation();
    if (event.type === 'submit') return event.preventDefault();
    if (event.type === 'click') {
      const button = target.closest('button');
      if (!button) return;
      event.preventDefault();
      this.#steps.push({ type: 'click', at: address(this.#root, button) });
      const sheets = this.#root.adoptedStyleSheets;
      if (!sheets.includes(EarlyInteractions.#busy)) this.#root.adoptedStyleSheets = [...sheets, EarlyInteractions.#busy];
      return;
    }
    const control = target.closest('input, select, textarea');
    if (control) this.#steps.push({ type: event.type, at: address(this.#root, control), value: control.value, checked: control.checked });
  }

  stop() {
    for (const type of ['click', 'input', 'change', 'submit']) this.#root.removeEventListener(type, this.#listen, true);
    this.#root.adoptedStyleSheets = this.#root.adoptedStyleSheets.filter((sheet) => sheet !== EarlyInteractions.#busy);
  }

  /** Stops keeping, and does what was kept to the live widget (the same elements, found again
   *  by their address: a widget rendered afresh has new ones). */
  replay() {
    this.stop();
    for (const { type, at, value, checked } of this.#steps.splice(0)) {
      const element = this.#root.querySelectorAll(at.selector)[at.index];
      if (!element) continue;
      if (type === 'click') {
        element.click();
        continue;
      }
      if (element.type === 'radio' || element.type === 'checkbox') element.checked = checked;
      else element.value = value;
      element.dispatchEvent(new Event(type, { bubbles: true }));
    }
  }
}

/** Where `element` is in `root`, in words that hold for the same widget rendered again: its
 *  tag, id, name and (for a choice) value, and its place among the elements alike. */
function address(root, element) {
  let selector = element.localName;
  if (element.id) selector += `#${CSS.escape(element.id)}`;
  for (const name of ['name', 'type']) {
    if (element.hasAttribute(name)) selector += `[${name}="${CSS.escape(element.getAttribute(name))}"]`;
  }
  if ((element.type === 'radio' || element.type === 'checkbox') && element.hasAttribute('value')) {
    selector += `[value="${CSS.escape(element.getAttribute('value'))}"]`;
  }
  return { selector, index: [...root.querySelectorAll(selector)].indexOf(element) };
}

/** A stylesheet of the build, fetched (a strict Content-Security-Policy allows that, and
 *  constructed sheets, where it blocks inline style) once: the widget's, only for a widget that
 *  was not pasted pre-rendered (that one links it already); the account view's, for customers. */
const sheets = new Map();
function sheet(file) {
  if (!sheets.has(file)) {
    const loading = fetchText(new URL(file, import.meta.url))
      .then((text) => {
        const constructed = new CSSStyleSheet();
        constructed.replaceSync(text);
        return constructed;
      });
    loading.catch((error) => console.error('pricing-widget: a stylesheet could not load', error));
    sheets.set(file, loading);
  }
  return sheets.get(file);
}
const style = () => sheet('./__CSS__');

/** Shown while the widget arrives: it holds the widget's place, so nothing below it jumps. */
const placeholder = new CSSStyleSheet();
placeholder.replaceSync(`
  :host { display: block; }
  :host([hidden]) { display: none; }
  .pw-mount:empty {
    min-height: var(--pw-reserved-height, 100vh);
    border-radius: 12px;
    background: linear-gradient(90deg, #8881 25%, #8882 50%, #8881 75%) 0 0 / 200% 100%;
  }
  @media (prefers-reduced-motion: no-preference) {
    .pw-mount:empty { animation: pw-shimmer 1.5s linear infinite; }
  }
  @keyframes pw-shimmer { to { background-position: -200% 0; } }
`);

/** Where the pre-rendered fragment for the element's attributes is: the billing API renders
 *  it for any attributes from the catalog it serves (`GET /v1/widget/fragment`); without an
 *  API, the build's files have every language × currency × interval with the default sections,
 *  highlight and plan finder, numbers in the language's own locale. Anything else (or a
 *  mismatch the wasm finds) renders in the browser. */
function fragmentUrl(element) {
  const value = (name) => element.getAttribute(name)?.trim() || null;
  const language = languageOf(element);
  // The API renders any locale; the build's files are in each language's own.
  const numbers = locale(element) ?? PRERENDER_LOCALES[language];
  if (!numbers || (numbers !== PRERENDER_LOCALES[language] && !element.getAttribute('api')?.trim())) return null;
  const url = element.hasAttribute('sync-url') ? new URLSearchParams(location.search) : new URLSearchParams();
  const currency = (url.get('pw_currency') ?? value('currency') ?? 'default').toUpperCase();
  const interval = url.get('pw_interval') ?? value('interval') ?? 'monthly';
  if (!/^([A-Z]{3}|DEFAULT)$/.test(currency) || !['monthly', 'annual'].includes(interval)) return null;
  const finder = url.get('pw_finder') ?? value('finder');
  const api = value('api');
  if (api) {
    const asked = { currency: currency === 'DEFAULT' ? null : currency, interval, locale: numbers, sections: value('sections'), highlight: value('highlight'), finder };
    const fragment = new URL('widget/fragment', api.endsWith('/') ? api : `${api}/`);
    for (const [name, given] of Object.entries(asked)) if (given) fragment.searchParams.set(name, given);
    return fragment;
  }
  if (value('sections') || value('highlight') || finder) return null;
  return new URL(`./prerender/${language}/${currency === 'DEFAULT' ? 'default' : currency}-${interval}.html`, import.meta.url);
}

/** A task boundary: `scheduler.yield()` where the browser has it (the takeover keeps its place
 *  ahead of other work), else a message-channel task (no 4 ms timer clamp). */
function nextTask() {
  if (globalThis.scheduler?.yield) return globalThis.scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** The widgets on the page: a failed takeover restarts those of the broken wasm instance. */
const widgets = new Set();
/** What a panic during a takeover dispatches on the widget's root (`host/mount.rs`). */
const TAKEOVER_FAILED = 'pricing-widget:takeover-failed';
/** What the account view dispatches when the API refuses the customer token (`src/account/`). */
const TOKEN_EXPIRED = 'pricing-widget:token-expired';

class PricingWidgetElement extends HTMLElement {
  static observedAttributes = ['api', 'currency', 'interval', 'highlight', 'sections', 'locale', 'customer-token', 'sync-url', 'fallback-url', 'finder'];

  #instance = null;
  /** The wasm instance (its glue module) the widget runs on. */
  #glue = null;
  #mount = null;
  #generation = 0;
  #early = null;
  #restarted = false;
  #onReady = () => this.#live();
  /** The customer's account view (its wasm instance, and where it is mounted). */
  #account = null;
  #accountMount = null;
  /** A refused token leaves the element: the public view shows until the host sets a fresh one. */
  #onTokenExpired = () => {
    const expired = this.getAttribute('customer-token');
    queueMicrotask(() => this.getAttribute('customer-token') === expired && this.removeAttribute('customer-token'));
  };

  connectedCallback() {
    widgets.add(this);
    // A pasted snippet's declarative shadow root already shows the widget, with its stylesheet.
    const pasted = this.shadowRoot?.querySelector('.pw-mount');
    if (pasted) {
      this.#mount = pasted;
    } else {
      const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      shadow.adoptedStyleSheets = [placeholder];
      this.#mount = document.createElement('div');
      this.#mount.className = 'pw-mount';
      this.#mount.setAttribute('part', 'root');
      shadow.replaceChildren(this.#mount);
      style().then((sheet) => (shadow.adoptedStyleSheets = [placeholder, sheet]), () => {});
    }
    this.#early = new EarlyInteractions(this.shadowRoot);
    this.shadowRoot.addEventListener('pricing-widget:ready', this.#onReady);
    this.addEventListener(TOKEN_EXPIRED, this.#onTokenExpired);
    this.#begin(!pasted);
  }

  /** A customer's account alone (`sections="account"` with a token) needs no pricing widget;
   *  otherwise the widget starts, and a customer's account follows once it is live. */
  #begin(fetchFragment) {
    if (this.#signedIn() && accountSections(this).only) {
      this.#early?.stop();
      this.#early = null;
      this.#mount.hidden = true;
      this.#startAccount(++this.#generation);
      return;
    }
    this.#mount.hidden = false;
    this.#start(fetchFragment);
  }

  #signedIn() {
    return Boolean(this.getAttribute('customer-token')?.trim() && this.getAttribute('api')?.trim());
  }

  /** Mounts the account view above the widget: the whole account where the sections name it,
   *  else a summary. Its wasm, styles and words load now, for this customer only. */
  async #startAccount(generation) {
    if (!this.#signedIn() || this.#accountMount) return;
    const shadow = this.shadowRoot;
    const mount = document.createElement('div');
    mount.className = 'pw-account-mount';
    mount.setAttribute('part', 'account');
    shadow.insertBefore(mount, this.#mount);
    this.#accountMount = mount;
    try {
      const [glue, widgetSheet, accountSheet, widgetWords, accountWords] = await Promise.all([
        accountGlue(), style(), sheet('./__ACCOUNT_CSS__'), translation(this), accountTranslation(this),
      ]);
      if (generation !== this.#generation || mount !== this.#accountMount) return;
      const adopted = shadow.adoptedStyleSheets;
      shadow.adoptedStyleSheets = [...adopted, ...[widgetSheet, accountSheet].filter((s) => !adopted.includes(s))];
      this.#account = new glue.AccountInstance(mount, this, widgetWords, accountWords, accountSections(this).named);
    } catch (error) {
      console.error('pricing-widget: the account could not load', error);
    }
  }

  #stopAccount() {
    this.#account?.free();
    this.#account = null;
    this.#accountMount?.remove();
    this.#accountMount = null;
  }

  disconnectedCallback() {
    widgets.delete(this);
    this.#generation += 1;
    this.#stopAccount();
    this.removeEventListener(TOKEN_EXPIRED, this.#onTokenExpired);
    this.#early?.stop();
    this.#early = null;
    this.#instance?.free();
    this.#instance = null;
    this.shadowRoot?.replaceChildren();
  }

  attributeChangedCallback(name, before, after) {
    if ((!this.#instance && !this.#account) || before === after) return;
    if (this.#instance?.attribute_changed(name)) return;
    // API, locale, sections, customer, fallback link or the finder's work: a new widget.
    this.#stopAccount();
    this.#instance?.free();
    this.#instance = null;
    this.#mount.replaceChildren();
    this.#early ??= new EarlyInteractions(this.shadowRoot);
    this.#begin(false);
  }

  /** The widget answers now: what the visitor did before is done again, once the takeover's
   *  own work (in this task) is over; then a customer's account view loads. */
  #live() {
    const early = this.#early;
    this.#early = null;
    if (early) setTimeout(() => early.replay());
    if (this.#signedIn()) setTimeout(() => this.#startAccount(this.#generation));
  }

  /** Shows the pre-rendered fragment, styled, unless the wasm got there first. */
  async #showFragment(generation) {
    const url = fragmentUrl(this);
    if (!url) return;
    try {
      const [answer] = await Promise.all([fetch(url), style()]);
      const html = answer.ok ? await answer.text() : '';
      if (html && generation === this.#generation && !this.#instance && !this.#mount.firstChild) this.#mount.innerHTML = html;
    } catch {
      // No fragment: the wasm renders the widget.
    }
  }

  async #start(fetchFragment) {
    const generation = ++this.#generation;
    if (fetchFragment) fragments.push(this.#showFragment(generation));
    const words = translation(this);
    let glue, text;
    try {
      [glue, text] = await Promise.all([widgetRuntime(), words]);
      // A root this script made shows nothing unstyled: its stylesheet comes first.
      if (fetchFragment) await style().catch(() => null);
    } catch (error) {
      console.error('pricing-widget: the widget could not load', error);
      this.#withoutWasm();
      return;
    }
    if (generation !== this.#generation || !this.isConnected) return;
    this.#early ??= new EarlyInteractions(this.shadowRoot);
    const mount = this.#mount;
    const failed = (why) => this.#takeoverFailed(glue, mount, why);
    mount.addEventListener(TAKEOVER_FAILED, (event) => failed(event.detail), { once: true });
    try {
      const instance = new glue.PricingWidgetInstance(mount, this, text);
      this.#instance = instance;
      this.#glue = glue;
      // A pre-rendered widget is taken over in short steps, the page free between two (and
      // between the instance's set-up and the first).
      do {
        await nextTask();
        if (this.#instance !== instance) return;
      } while (instance.step());
    } catch (error) {
      failed(error);
    }
  }

  /** The takeover of `mount` by `glue`'s instance failed (a panic, or an error thrown through
   *  it): that instance may be in any state, so it is dropped with every widget it ran, and each
   *  renders afresh from a new one. The pre-rendered markup stays on screen meanwhile. */
  #takeoverFailed(glue, mount, why) {
    if (mount !== this.#mount) return; // told already (by the panic, before the trap)
    if (this.#restarted) {
      console.error(`pricing-widget: the widget could not start (${why})`);
      this.#withoutWasm();
      return;
    }
    console.warn(`pricing-widget: taking the pre-rendered widget over failed (${why}); rendering it afresh`);
    this.#restarted = true;
    freshRuntime(glue);
    for (const widget of widgets) if (widget === this || widget.#glue === glue) widget.#restart();
  }

  /** No wasm will run this widget: the pre-render's plain forms are the widget now, and what
   *  the visitor pressed meanwhile goes through them. */
  #withoutWasm() {
    this.#early?.replay();
    this.#early = null;
  }

  #restart() {
    // Not freed: calling into the broken instance could fail again.
    this.#instance = null;
    this.#glue = null;
    // The same markup without the broken instance's listeners, rendered afresh, not taken over.
    const fresh = this.#mount.cloneNode(true);
    fresh.firstElementChild?.removeAttribute('data-pw-render');
    this.#mount.replaceWith(fresh);
    this.#mount = fresh;
    this.#start(false);
  }
}

if (!customElements.get('pricing-widget')) customElements.define('pricing-widget', PricingWidgetElement);

/** How many widgets are live on the page (for leak checks). */
export async function liveWidgets() {
  return (await widgetRuntime()).liveWidgets();
}

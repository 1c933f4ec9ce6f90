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
 *  whole tag, then its language, among those offered), so that its translation is fetched
 *  while the wasm loads. The wasm decides; a different answer only costs the translation. */
function languageOf(element) {
  const wanted = [locale(element)].filter(Boolean);
  if (!wanted.length) wanted.push(...(navigator.languages?.length ? navigator.languages : [navigator.language]));
  const offered = [SOURCE_LANGUAGE, ...Object.keys(TRANSLATIONS)];
  return wanted.map((tag) => tag.toLowerCase().split(/[-_]/)[0]).find((l) => offered.includes(l)) ?? SOURCE_LANGUAGE;
}

/** The `locale` attribute when the browser formats it, as `attributes::locale` accepts it. */
function locale(element) {
  const asked = element.getAttribute('locale')?.trim();
  try {
    return asked && Intl.NumberFormat.supportedLocalesOf([asked]).length ? asked : null;
  } catch {
    return null;
  }
}

/** The translation file's text for the element's language; undefined for the catalog's own. */
function translation(element) {
  const language = languageOf(element);
  if (language === SOURCE_LANGUAGE) return Promise.resolve(undefined);
  if (!translations.has(language)) {
    const text = fetch(new URL(TRANSLATIONS[language], import.meta.url))
      .then((answer) => (answer.ok ? answer.text() : Promise.reject(new Error(`HTTP ${answer.status}`))))
      .catch((error) => console.warn(`pricing-widget: the ${language} translation could not load`, error));
    translations.set(language, text);
  }
  return translations.get(language);
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
 *  wasm (about 250 KB) never competes with the first paint; the takeover runs in a task of its
 *  own, so neither blocks the page for long. */
const ready = Promise.resolve().then(async () => {
  await Promise.allSettled(fragments);
  await afterPaint();
  const glue = await import('./__GLUE__');
  await glue.default({ module_or_path: new URL('./__WASM__', import.meta.url) });
  await afterPaint();
  return glue;
});

/** The widget's stylesheet, fetched (a strict Content-Security-Policy allows that, and
 *  constructed sheets, where it blocks inline style) once, and only for a widget that was not
 *  pasted pre-rendered (that one links it already). */
let styleSheet = null;
function style() {
  styleSheet ??= fetch(new URL('./__CSS__', import.meta.url))
    .then((answer) => (answer.ok ? answer.text() : Promise.reject(new Error(`stylesheet: HTTP ${answer.status}`))))
    .then((text) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      return sheet;
    });
  styleSheet.catch((error) => console.error('pricing-widget: the stylesheet could not load', error));
  return styleSheet;
}

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

/** The build pre-renders every language × currency × interval with the default sections,
 *  highlight and plan finder, numbers in the language's own locale. Anything else (or a
 *  mismatch the wasm finds) renders in the browser. */
function fragmentUrl(element) {
  const value = (name) => element.getAttribute(name)?.trim() || null;
  const language = languageOf(element);
  if (value('sections') || value('highlight') || value('finder') || !PRERENDER_LOCALES[language]) return null;
  if (locale(element) && locale(element) !== PRERENDER_LOCALES[language]) return null;
  const url = element.hasAttribute('sync-url') ? new URLSearchParams(location.search) : new URLSearchParams();
  if (url.has('pw_finder')) return null;
  const currency = (url.get('pw_currency') ?? value('currency') ?? 'default').toUpperCase();
  const interval = url.get('pw_interval') ?? value('interval') ?? 'monthly';
  if (!/^([A-Z]{3}|DEFAULT)$/.test(currency) || !['monthly', 'annual'].includes(interval)) return null;
  return new URL(`./prerender/${language}/${currency === 'DEFAULT' ? 'default' : currency}-${interval}.html`, import.meta.url);
}

class PricingWidgetElement extends HTMLElement {
  static observedAttributes = ['api', 'currency', 'interval', 'highlight', 'sections', 'locale', 'customer-token', 'sync-url', 'fallback-url', 'finder'];

  #instance = null;
  #mount = null;
  #generation = 0;

  connectedCallback() {
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
    this.#start(!pasted);
  }

  disconnectedCallback() {
    this.#generation += 1;
    this.#instance?.free();
    this.#instance = null;
    this.shadowRoot?.replaceChildren();
  }

  attributeChangedCallback(name, before, after) {
    if (!this.#instance || before === after) return;
    if (this.#instance.attribute_changed(name)) return;
    // API, locale, sections, customer, fallback link or the finder's work: a new widget.
    this.#instance.free();
    this.#instance = null;
    this.#mount.replaceChildren();
    this.#start(false);
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
      [glue, text] = await Promise.all([ready, words]);
      // A root this script made shows nothing unstyled: its stylesheet comes first.
      if (fetchFragment) await style().catch(() => null);
    } catch (error) {
      console.error('pricing-widget: the widget could not load', error);
      return;
    }
    if (generation !== this.#generation || !this.isConnected) return;
    this.#instance = new glue.PricingWidgetInstance(this.#mount, this, text);
  }
}

if (!customElements.get('pricing-widget')) customElements.define('pricing-widget', PricingWidgetElement);

/** How many widgets are live on the page (for leak checks). */
export async function liveWidgets() {
  return (await ready).liveWidgets();
}

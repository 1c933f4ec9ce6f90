// The widget's stable entry point. A page embeds it with two lines:
//   <script type="module" src="https://cdn.example/pricing/pricing-widget.js"></script>
//   <pricing-widget api="https://billing.example/v1" currency="EUR"></pricing-widget>
// The build writes this file next to the content-hashed files it loads; only this file keeps a
// stable name, so everything it loads can be cached forever.
//
// What a visitor sees first: a pasted snippet's pre-rendered shadow root paints with the page;
// otherwise this script fetches the pre-rendered fragment for the element's attributes (a few
// KB) while the wasm loads, and shows it at once. The wasm then takes over what is on screen.
import init, { PricingWidgetInstance, liveWidgets } from './__GLUE__';

/** One wasm per page, whatever the number of widgets, fetched next to this file. */
const ready = init({ module_or_path: new URL('./__WASM__', import.meta.url) });

/** The widget's stylesheet, fetched (a strict Content-Security-Policy allows that, and
 *  constructed sheets, where it blocks inline style) and shared by every widget. */
const style = fetch(new URL('./__CSS__', import.meta.url))
  .then((answer) => (answer.ok ? answer.text() : Promise.reject(new Error(`stylesheet: HTTP ${answer.status}`))))
  .then((text) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    return sheet;
  });
style.catch((error) => console.error('pricing-widget: the stylesheet could not load', error));

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

/** The build pre-renders every currency × interval with the default sections, highlight and
 *  locale. Anything else (or a mismatch the wasm finds) renders in the browser. */
function fragmentUrl(element) {
  const value = (name) => element.getAttribute(name)?.trim() || null;
  if (value('sections') || value('highlight') || (value('locale') ?? 'en-US') !== 'en-US') return null;
  const url = element.hasAttribute('sync-url') ? new URLSearchParams(location.search) : new URLSearchParams();
  const currency = (url.get('pw_currency') ?? value('currency') ?? 'default').toUpperCase();
  const interval = url.get('pw_interval') ?? value('interval') ?? 'monthly';
  if (!/^([A-Z]{3}|DEFAULT)$/.test(currency) || !['monthly', 'annual'].includes(interval)) return null;
  return new URL(`./prerender/${currency === 'DEFAULT' ? 'default' : currency}-${interval}.html`, import.meta.url);
}

class PricingWidgetElement extends HTMLElement {
  static observedAttributes = ['api', 'currency', 'interval', 'highlight', 'sections', 'locale', 'customer-token', 'sync-url', 'fallback-url'];

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
      style.then((sheet) => (shadow.adoptedStyleSheets = [placeholder, sheet]), () => {});
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
    // API, locale, sections, customer or fallback link: a new widget with the new settings.
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
      const [answer] = await Promise.all([fetch(url), style]);
      const html = answer.ok ? await answer.text() : '';
      if (html && generation === this.#generation && !this.#instance && !this.#mount.firstChild) this.#mount.innerHTML = html;
    } catch {
      // No fragment: the wasm renders the widget.
    }
  }

  async #start(fetchFragment) {
    const generation = ++this.#generation;
    if (fetchFragment) this.#showFragment(generation);
    try {
      await ready;
      await style.catch(() => null);
    } catch (error) {
      console.error('pricing-widget: the widget could not load', error);
      return;
    }
    if (generation !== this.#generation || !this.isConnected) return;
    this.#instance = new PricingWidgetInstance(this.#mount, this);
  }
}

if (!customElements.get('pricing-widget')) customElements.define('pricing-widget', PricingWidgetElement);

/** How many widgets are live on the page (for leak checks). */
export { liveWidgets };

// The widget's stable entry point. A page embeds it with two lines:
//   <script type="module" src="https://cdn.example/pricing/pricing-widget.js"></script>
//   <pricing-widget api="https://billing.example/v1" currency="EUR"></pricing-widget>
// The build writes this file next to the content-hashed wasm-bindgen glue it imports; only
// this file keeps a stable name, so everything it loads can be cached forever.
import init, { PricingWidgetInstance, liveWidgets } from './__GLUE__';

/** One wasm per page, whatever the number of widgets, fetched next to this file. */
const ready = init({ module_or_path: new URL('./__WASM__', import.meta.url) });

/** Shown while the wasm arrives: it holds the widget's place, so nothing below it jumps. A
 *  constructed stylesheet, so a strict Content-Security-Policy accepts it. */
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

class PricingWidgetElement extends HTMLElement {
  static observedAttributes = ['api', 'currency', 'interval', 'highlight', 'sections', 'locale', 'customer-token', 'sync-url'];

  #instance = null;
  #mount = null;
  #generation = 0;

  connectedCallback() {
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    shadow.adoptedStyleSheets = [placeholder];
    this.#mount = document.createElement('div');
    this.#mount.className = 'pw-mount';
    this.#mount.setAttribute('part', 'root');
    shadow.replaceChildren(this.#mount);
    this.#start();
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
    // API, locale, sections or customer: a new widget with the new settings.
    this.#instance.free();
    this.#instance = null;
    this.shadowRoot.adoptedStyleSheets = [placeholder];
    this.#mount.replaceChildren();
    this.#start();
  }

  async #start() {
    const generation = ++this.#generation;
    try {
      await ready;
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

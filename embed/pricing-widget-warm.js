// A worker the entry (`pricing-widget.js`) starts while the wasm downloads. A browser's first
// `Intl` formatter loads its locale data, 60-140 ms on a phone in one task that cannot be split;
// Chromium keeps that data for the whole renderer process, so loading it here, off the page's
// main thread, makes the page's own first formatter cost a few ms. It formats nothing the
// widget shows; it only makes the formatters the widget will make, then says it is done.
onmessage = ({ data: locales }) => {
  for (const tag of locales) {
    try {
      Intl.NumberFormat.supportedLocalesOf([tag]);
      new Intl.NumberFormat(tag, { style: 'currency', currency: 'USD' }).format(1);
      new Intl.NumberFormat(tag).format(1);
      new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' }).format(0);
      new Intl.PluralRules(tag).select(1);
    } catch {
      // A locale this browser does not know: the wasm falls back as it always has.
    }
  }
  postMessage('warm');
};

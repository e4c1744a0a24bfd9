/*
 * The OpenSeal badge, served minified at /embed/v1/seal.js (lib/badge/seal-script.ts):
 *
 *   <script async src="{origin}/embed/v1/seal.js" data-seal-id="OS-XXXX-XXXX"></script>
 *
 * renders an <openseal-badge> right after the script element, with an open shadow root and a
 * data-state of active | suspended | revoked | expired | not-verified | unavailable (loading until
 * the answer arrives). It runs on other people's pages, so: no dependencies, one global
 * (window.OpenSeal), no cookie, no storage, nothing thrown into the page, no inline <style> or
 * style attribute (a strict Content-Security-Policy allows neither) and no image requests: the
 * icons are SVG elements, the styles a constructed stylesheet and CSSOM properties.
 *
 * __OPENSEAL_BADGE_LOOKS__ is replaced, when the script is served, by the table of words, colours
 * and icons in lib/badge/badge-states.ts, which the SVG badge shares.
 */
/* global window, document, location, fetch, URL, AbortController, CSSStyleSheet, setTimeout, clearTimeout, __OPENSEAL_BADGE_LOOKS__ */
(() => {
  try {
    const LOOKS = __OPENSEAL_BADGE_LOOKS__;
    const OUR_SCRIPT = /\/embed\/v1\/seal\.js([?#]|$)/;
    const SEAL_ID = /^OS-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;
    const SEAL_STATUS = /^(active|suspended|revoked|expired)$/;
    const TIMEOUT_MS = 8000;
    const SVG = 'http://www.w3.org/2000/svg';
    // Set on the host element with !important: inline important declarations beat any rule of the
    // host page's style sheets, so the page cannot hide, shrink, move or blur the badge. The size
    // is fixed from the start, so the answer never shifts the page's layout.
    const HOST_STYLE =
      'display:inline-block;visibility:visible;opacity:1;width:220px;height:48px;min-width:220px;min-height:48px;' +
      'max-width:none;max-height:none;padding:0;border:0;margin:0;position:static;float:none;transform:none;' +
      'translate:none;scale:none;rotate:none;filter:none;backdrop-filter:none;clip-path:none;mask:none;' +
      'zoom:1;content-visibility:visible;mix-blend-mode:normal;box-sizing:content-box;vertical-align:middle;' +
      'pointer-events:auto';
    // The wrapper's all:initial stops inherited host styles (font-size:0, color:transparent …).
    const CSS =
      '.w{all:initial;display:block;width:220px;height:48px}' +
      'a{box-sizing:border-box;display:flex;align-items:center;gap:8px;width:100%;height:100%;padding:0 10px;' +
      'border:2px solid var(--c);border-radius:6px;background:#fff;color:#1f2328;text-decoration:none;cursor:pointer;' +
      'font:11px/1.3 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;text-align:left}' +
      'a:focus-visible{outline:2px solid var(--c);outline-offset:2px}' +
      'svg{flex:none;width:28px;height:28px}' +
      'path{fill:none;stroke:var(--c);stroke-width:2.2;stroke-linecap:round;stroke-linejoin:round}' +
      '.d path{stroke-dasharray:3 2.2}' +
      'span{min-width:0}i{display:block;font-style:normal;white-space:nowrap}' +
      'b{display:block;font-size:15px;font-weight:700;color:var(--c);white-space:nowrap}';

    const doc = document;
    const pageHost = location.hostname.toLowerCase().replace(/\.$/, '');
    // Loaded twice, the script still renders one badge per script element: both copies share this set.
    let ns = window.OpenSeal;
    if (!ns || typeof ns != 'object') ns = window.OpenSeal = {};
    const done = ns.scripts instanceof WeakSet ? ns.scripts : (ns.scripts = new WeakSet());
    let sheet;

    const quietly = (fn) => {
      try {
        fn();
      } catch {
        // Never into the host page.
      }
    };

    const mount = (script) => {
      const id = script.getAttribute('data-seal-id') || '';
      const origin = new URL(script.src).origin;
      const fallbackHref = origin + '/verify/' + encodeURIComponent(id);

      const host = doc.createElement('openseal-badge');
      for (const declaration of HOST_STYLE.split(';')) {
        const [name, value] = declaration.split(':');
        host.style.setProperty(name, value, 'important');
      }
      const root = host.attachShadow({ mode: 'open' });
      try {
        if (!sheet) {
          sheet = new CSSStyleSheet();
          sheet.replaceSync(CSS);
        }
        root.adoptedStyleSheets = [sheet];
      } catch {
        // Browsers without constructable style sheets: a <style> element (fine without a strict CSP).
        root.append(Object.assign(doc.createElement('style'), { textContent: CSS }));
      }
      const wrapper = doc.createElement('div');
      const link = doc.createElement('a');
      const icon = doc.createElementNS(SVG, 'svg');
      const outline = doc.createElementNS(SVG, 'path');
      const text = doc.createElement('span');
      const brand = doc.createElement('i');
      const word = doc.createElement('b');
      wrapper.className = 'w';
      icon.setAttribute('viewBox', '0 0 24 24');
      icon.setAttribute('aria-hidden', 'true');
      brand.textContent = 'OpenSeal privacy seal';
      icon.append(outline);
      text.append(brand, word);
      link.append(icon, text);
      wrapper.append(link);
      root.append(wrapper);

      const show = (state, href) => {
        const look = LOOKS[state];
        const name = 'OpenSeal privacy seal: ' + look.meaning + (state == 'active' ? ' for ' + pageHost : '');
        host.setAttribute('data-state', state);
        link.href = href;
        link.className = look.dashed ? 'd' : '';
        link.style.setProperty('--c', look.color);
        link.setAttribute('aria-label', name);
        link.title = name;
        outline.setAttribute('d', look.icon);
        word.textContent = look.word;
      };

      show('loading', fallbackHref);
      script.after(host);
      if (!SEAL_ID.test(id)) return show('not-verified', fallbackHref);

      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
      // no-cache: every page view revalidates (a 304 from the ETag, or a CDN's copy), so a
      // suspension shows on the next view instead of after the browser's cached minute.
      fetch(origin + '/api/v1/seals/' + id + '/status', { credentials: 'omit', cache: 'no-cache', signal: controller.signal })
        .then((response) => (response.status == 404 ? null : response.ok ? response.json() : Promise.reject()))
        .then((status) => {
          clearTimeout(timer);
          if (!status) return show('not-verified', fallbackHref);
          const href = typeof status.verifyUrl == 'string' && status.verifyUrl.startsWith(origin + '/') ? status.verifyUrl : fallbackHref;
          // The seal is bound to its domains: on any other host it proves nothing.
          const covered = Array.isArray(status.domains) && status.domains.some((domain) => pageHost == domain || pageHost == 'www.' + domain);
          show(!covered ? 'not-verified' : SEAL_STATUS.test(status.status) ? status.status : 'unavailable', href);
        })
        .catch(() => {
          clearTimeout(timer);
          quietly(() => show('unavailable', fallbackHref));
        });
    };

    // The running script is document.currentScript only during this first synchronous run. Scripts
    // inserted by a tag manager may have none; any of ours not yet rendered is taken too.
    for (const script of [doc.currentScript, ...doc.querySelectorAll('script[data-seal-id]')]) {
      if (script && !done.has(script) && OUR_SCRIPT.test(script.src)) {
        done.add(script);
        quietly(() => mount(script));
      }
    }
  } catch {
    // Never into the host page.
  }
})();

/* Material's search index only when the reader reaches for search.
 *
 * Material requests search/search_index.json (about 125 KB gzip, 450 KB of JSON to parse and
 * hand to its search worker) with XMLHttpRequest as soon as any page loads, although most
 * visits never search: that was the biggest part of every page's first load. This script,
 * loaded before Material's bundle (docs/_overrides/main.html), holds that one request back
 * until the reader shows intent: a pointer over or a tap on the search button, focus in the
 * search field, the search dialog opening (Material's f, s and / keys open it too), or an
 * address that already asks for search (?q=) or highlighting (?h=). Then the request goes out
 * unchanged and Material carries on as it always does: its field says "Initializing search"
 * until the worker is ready. No other request is touched. */
(function () {
  "use strict";

  var INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
  var wanted = /[?&][qh]=/.test(window.location.search);
  var held = [];
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;

  XMLHttpRequest.prototype.open = function (method, url) {
    this.__searchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.__searchIndex && !wanted) {
      var xhr = this, args = arguments;
      held.push(function () { send.apply(xhr, args); });
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function want() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (go) { go(); });
  }

  function isSearch(target) {
    return !!(target && target.closest && target.closest('label[for="__search"], .md-search'));
  }

  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) want();
  }, true);
  document.addEventListener("focusin", function (event) { if (isSearch(event.target)) want(); }, true);
  document.addEventListener("pointerover", function (event) { if (isSearch(event.target)) want(); }, true);
  document.addEventListener("pointerdown", function (event) { if (isSearch(event.target)) want(); }, true);
})();

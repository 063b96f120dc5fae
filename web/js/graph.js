// Graphviz pictures from the server (the chain graph, the impact graph): the SVG is parsed as
// XML and copied element by element through an allow-list, so nothing but shapes, text and
// in-app links (#/supplier/{法人番号}, #/sbom/{id}) reaches the page.
const SVG_TAGS = new Set(['svg', 'g', 'title', 'polygon', 'polyline', 'path', 'ellipse', 'text', 'a']);
const SVG_ATTRS = new Set(['width', 'height', 'viewBox', 'transform', 'points', 'd', 'cx', 'cy', 'rx', 'ry', 'x', 'y',
  'fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'font-family', 'font-size', 'font-weight', 'text-anchor', 'class', 'id']);
const LINK = /^#\/(supplier\/[0-9]{13}|sbom\/[A-Za-z0-9_]{1,64})$/;

function copySvg(node) {
  if (node.nodeType === Node.TEXT_NODE) return document.createTextNode(node.textContent);
  if (node.nodeType !== Node.ELEMENT_NODE || !SVG_TAGS.has(node.localName)) return null;
  const el = document.createElementNS('http://www.w3.org/2000/svg', node.localName);
  for (const a of node.attributes) {
    if (SVG_ATTRS.has(a.localName)) el.setAttribute(a.localName, a.value);
    if (node.localName === 'a' && a.localName === 'href' && LINK.test(a.value)) el.setAttribute('href', a.value);
  }
  for (const c of node.childNodes) { const k = copySvg(c); if (k) el.append(k); }
  return el;
}

// Fetches url and puts the cleaned SVG into box; leaves box as it is when the answer is not OK.
export async function loadGraph(box, url) {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) return;
  const xml = new DOMParser().parseFromString(await res.text(), 'image/svg+xml');
  const svg = copySvg(xml.documentElement);
  if (svg) { svg.setAttribute('width', '100%'); svg.removeAttribute('height'); box.replaceChildren(svg); }
}

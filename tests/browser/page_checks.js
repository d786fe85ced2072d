// Checks one report page as a reader sees it. Run by browser_check.py through
// WebDriver's execute/async: the last argument is the callback, and the result
// is a list of problems (strings; empty when the page is fine) plus counts.
//
// What is checked, against the current viewport width W = innerWidth:
//  - the page itself does not scroll sideways (scrollWidth <= W);
//  - every outermost <svg> (an svg nested in another is part of that picture)
//    is rendered (non-empty box, not display:none, not visibility:hidden),
//    lies within [0, W] horizontally, or sits in an overflow-x:auto/scroll
//    container that does, and carries role="img" with a non-empty <title>
//    and <desc> as direct children, for screen readers;
//  - every <img> showing an SVG file has loaded (naturalWidth > 0);
//  - no script from the data ran: the hostile inputs (tests/hostile) set
//    window.__tn_pwned in every payload that could execute.
// Lazy images are made eager and awaited first, so that a picture below the
// fold is not reported as missing.
const done = arguments[arguments.length - 1];
const slack = 0.5;  // sub-pixel rounding of layout boxes
const width = window.innerWidth;
const problems = [];

function describe(svg, index) {
  const title = svg.querySelector(':scope > title');
  const text = title ? title.textContent.trim().slice(0, 60) : '';
  return `svg #${index + 1}` + (svg.id ? ` id="${svg.id}"` : '') +
      (text ? ` "${text}"` : '');
}

function fitsViewport(rect) {
  return rect.left >= -slack && rect.right <= width + slack;
}

function scrollContainer(element) {
  for (let p = element.parentElement; p; p = p.parentElement) {
    const overflow = getComputedStyle(p).overflowX;
    if (overflow === 'auto' || overflow === 'scroll') return p;
  }
  return null;
}

function hiddenBy(element) {
  for (let e = element; e; e = e.parentElement) {
    if (getComputedStyle(e).display === 'none') return 'display:none';
  }
  const visibility = getComputedStyle(element).visibility;
  return visibility === 'hidden' || visibility === 'collapse' ?
      `visibility:${visibility}` : '';
}

function checkSvg(svg, index) {
  const name = describe(svg, index);
  const rect = svg.getBoundingClientRect();
  const hidden = hiddenBy(svg);
  if (hidden) problems.push(`${name}: not visible (${hidden})`);
  if (!(rect.width > 0 && rect.height > 0)) {
    problems.push(`${name}: empty box ${rect.width.toFixed(1)}x${rect.height.toFixed(1)}`);
  }
  if (!fitsViewport(rect)) {
    const container = scrollContainer(svg);
    if (!container || !fitsViewport(container.getBoundingClientRect())) {
      problems.push(`${name}: overflows the viewport horizontally ` +
          `(left ${rect.left.toFixed(1)}, right ${rect.right.toFixed(1)}, ` +
          `viewport ${width})` + (container ? ', and so does its scroll container' : ''));
    }
  }
  if (svg.getAttribute('role') !== 'img') problems.push(`${name}: no role="img"`);
  for (const tag of ['title', 'desc']) {
    const child = svg.querySelector(`:scope > ${tag}`);
    if (!child || !child.textContent.trim()) problems.push(`${name}: no <${tag}> child`);
  }
}

function isSvgSource(src) {
  if (src.startsWith('data:image/svg+xml')) return true;
  return /\.svg$/i.test(src.split(/[?#]/)[0]);
}

function settle(img) {
  // Resolves when the image has loaded or failed, or after 10 s.
  if (img.complete) return Promise.resolve();
  return new Promise((resolve) => {
    img.addEventListener('load', resolve, {once: true});
    img.addEventListener('error', resolve, {once: true});
    setTimeout(resolve, 10000);
  });
}

const svgImages = Array.from(document.images).filter((img) => isSvgSource(img.currentSrc || img.src));
for (const img of svgImages) img.loading = 'eager';

Promise.all(svgImages.map(settle)).then(() => {
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth > width) {
    problems.push(`page overflows horizontally (scrollWidth ${scrollWidth} > innerWidth ${width})`);
  }
  const svgs = Array.from(document.querySelectorAll('svg'))
      .filter((svg) => !svg.parentElement || !svg.parentElement.closest('svg'));
  svgs.forEach(checkSvg);
  for (const img of svgImages) {
    if (!(img.complete && img.naturalWidth > 0)) {
      problems.push(`img "${img.getAttribute('src')}": SVG image did not load`);
    }
  }
  if (typeof window.__tn_pwned !== 'undefined') {
    problems.push('window.__tn_pwned is set: a script from the data ran');
  }
  const height = Math.max(document.documentElement.scrollHeight,
      document.body ? document.body.scrollHeight : 0);
  done({problems, svgs: svgs.length, images: svgImages.length, width, height,
        chromeHeight: window.outerHeight - window.innerHeight});
}).catch((error) => done({problems: [`the check script failed: ${error}`], svgs: 0,
                          images: 0, width, height: 0, chromeHeight: 0}));

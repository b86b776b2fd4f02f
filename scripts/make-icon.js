// node scripts/make-icon.js [--preview DIR]: draws the Marketplace icon (media/icon.png, 128×128)
// from the SVG below, rasterised by Debian's Chromium through playwright-core. The drawing is the
// activity-bar icon's (media/qbo.svg) in colour: one isometric cube, a node, with the dot on its
// near corner, on a rounded tile. --preview DIR also writes how the PNG looks scaled to 32 px (as
// VS Code's extension list shows it) on a light and a dark background, to check it stays legible.
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'media', 'icon.png');
const SIZE = 128;
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The cube: a hexagon of radius R around (CX, CY), split into its three visible faces. */
function cubeGeometry(cx, cy, radius) {
  const dx = radius * Math.cos(Math.PI / 6);
  const point = (x, y) => `${x.toFixed(2)} ${y.toFixed(2)}`;
  const top = point(cx, cy - radius);
  const upperRight = point(cx + dx, cy - radius / 2);
  const lowerRight = point(cx + dx, cy + radius / 2);
  const bottom = point(cx, cy + radius);
  const lowerLeft = point(cx - dx, cy + radius / 2);
  const upperLeft = point(cx - dx, cy - radius / 2);
  const centre = point(cx, cy);
  return {
    topFace: `M${top} L${upperRight} L${centre} L${upperLeft} Z`,
    leftFace: `M${upperLeft} L${centre} L${bottom} L${lowerLeft} Z`,
    rightFace: `M${centre} L${upperRight} L${lowerRight} L${bottom} Z`,
    outline: `M${top} L${upperRight} L${lowerRight} L${bottom} L${lowerLeft} L${upperLeft} Z`,
    innerEdges: `M${upperLeft} L${centre} L${upperRight} M${centre} L${bottom}`,
  };
}

function iconSvg() {
  const cube = cubeGeometry(64, 64, 43);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#2bb3d9"/>
      <stop offset="1" stop-color="#1a3c9e"/>
    </linearGradient>
    <radialGradient id="glow" cx="0.5" cy="0.42" r="0.6">
      <stop offset="0" stop-color="#ffffff" stop-opacity="0.22"/>
      <stop offset="1" stop-color="#ffffff" stop-opacity="0"/>
    </radialGradient>
  </defs>
  <rect x="2" y="2" width="124" height="124" rx="26" fill="url(#tile)"/>
  <rect x="2" y="2" width="124" height="124" rx="26" fill="url(#glow)"/>
  <ellipse cx="64" cy="112" rx="34" ry="5" fill="#0b1f5c" opacity="0.35"/>
  <path d="${cube.topFace}" fill="#ffffff"/>
  <path d="${cube.leftFace}" fill="#cfe3fb"/>
  <path d="${cube.rightFace}" fill="#8fb4ee"/>
  <path d="${cube.innerEdges}" fill="none" stroke="#163a8c" stroke-width="3.5" stroke-linecap="round"/>
  <path d="${cube.outline}" fill="none" stroke="#0f2a70" stroke-width="4" stroke-linejoin="round"/>
  <circle cx="64" cy="64" r="10" fill="#ffb020" stroke="#0f2a70" stroke-width="3"/>
</svg>`;
}

async function main() {
  const args = process.argv.slice(2);
  const previewIndex = args.indexOf('--preview');
  const previewDir = previewIndex >= 0 ? path.resolve(args[previewIndex + 1] ?? '.') : undefined;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
    await page.setContent(`<html><body style="margin:0;background:transparent">${iconSvg()}</body></html>`);
    fs.writeFileSync(OUT, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } }));
    console.log(`${path.relative(ROOT, OUT)}: ${SIZE}×${SIZE}, ${fs.statSync(OUT).size} bytes`);
    if (previewDir) {
      fs.mkdirSync(previewDir, { recursive: true });
      const png = `data:image/png;base64,${fs.readFileSync(OUT).toString('base64')}`;
      const tile = (background, size) =>
        `<div style="background:${background};padding:12px;display:inline-block"><img src="${png}" width="${size}" height="${size}"></div>`;
      // The 32 px rendering again, each pixel drawn 4× so its edges can be judged.
      const magnified = `<canvas id="zoom" width="${SIZE}" height="${SIZE}" style="margin:12px"></canvas>`;
      await page.setViewportSize({ width: 3 * (SIZE + 24) + 2 * (32 + 24), height: SIZE + 24 });
      await page.setContent(
        `<html><body style="margin:0;display:flex;align-items:center">${tile('#ffffff', SIZE)}${tile('#1e1e1e', SIZE)}${tile('#ffffff', 32)}${tile('#1e1e1e', 32)}${magnified}</body></html>`,
      );
      /* global Image, document -- this function runs in the page */
      await page.evaluate(async (source) => {
        const image = new Image();
        image.src = source;
        await image.decode();
        const small = document.createElement('canvas');
        small.width = small.height = 32;
        small.getContext('2d').drawImage(image, 0, 0, 32, 32);
        const zoom = document.getElementById('zoom').getContext('2d');
        zoom.imageSmoothingEnabled = false;
        zoom.drawImage(small, 0, 0, 128, 128);
      }, png);
      const sheet = path.join(previewDir, 'icon-preview.png');
      await page.screenshot({ path: sheet });
      console.log(`preview: ${sheet}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

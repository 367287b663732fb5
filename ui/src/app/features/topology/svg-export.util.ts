import { saveBlob } from '../../core/download.util';
import type { GraphViewModel } from './graph-view-model.logic';
import { HEALTH_COLOURS, type LinkHealth } from './link-health.logic';
import { TopologyCanvasRenderer } from './topology-canvas.renderer';
import { fitViewport } from './viewport.logic';

const MARGIN = 60;
const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The whole map as a self-contained SVG: every link the filter keeps (one path per health, so a
 * 19,900-link mesh stays a few hundred kilobytes), every peer with its status ring and label.
 * Built from the view model, not from the screen, so it holds all of it at any zoom.
 */
export function topologySvg(model: GraphViewModel, visible: readonly boolean[] | null): string {
  const kept = (i: number) => !visible || visible[i] === true;
  const { minX, minY, maxX, maxY } = model.bounds;
  const width = maxX - minX + 2 * MARGIN + 160;
  const height = maxY - minY + 2 * MARGIN;
  const segments: Record<LinkHealth, string[]> = { unknown: [], up: [], down: [] };
  for (const edge of model.edges) {
    if (!kept(edge.sourceIndex) || !kept(edge.targetIndex)) continue;
    const a = model.nodes[edge.sourceIndex]!;
    const b = model.nodes[edge.targetIndex]!;
    segments[edge.health].push(`M${round(a.x)} ${round(a.y)}L${round(b.x)} ${round(b.y)}`);
  }
  const opacity = Math.min(0.9, Math.max(0.14, 25 / Math.sqrt(Math.max(1, model.edges.length))));
  const links = (Object.keys(segments) as LinkHealth[])
    .filter((h) => segments[h].length > 0)
    .map((h) => `<path class="links" data-health="${h}" data-links="${segments[h].length}" fill="none" stroke="${HEALTH_COLOURS[h]}" stroke-opacity="${opacity.toFixed(2)}" stroke-width="1" d="${segments[h].join('')}"/>`);
  const nodes = model.nodes.flatMap((node, i) =>
    kept(i)
      ? [
          `<g class="peer" data-peer-id="${escapeXml(node.id)}"><title>${escapeXml(node.title)}</title>` +
            `<circle cx="${round(node.x)}" cy="${round(node.y)}" r="8" fill="${node.colour}" stroke="${node.statusColour}" stroke-width="2.5"/>` +
            `<text x="${round(node.x + 12)}" y="${round(node.y + 4)}" font-size="12" fill="#202124">${escapeXml(node.label)}</text></g>`,
        ]
      : [],
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${round(width)}" height="${round(height)}" viewBox="${round(minX - MARGIN)} ${round(minY - MARGIN)} ${round(width)} ${round(height)}" style="background:#ffffff;font-family:sans-serif">` +
    `<rect x="${round(minX - MARGIN)}" y="${round(minY - MARGIN)}" width="${round(width)}" height="${round(height)}" fill="#ffffff"/>` +
    `${links.join('')}${nodes.join('')}</svg>`
  );
}

export function exportSvg(model: GraphViewModel, visible: readonly boolean[] | null, fileName: string): void {
  saveBlob(new Blob([topologySvg(model, visible)], { type: 'image/svg+xml' }), fileName);
}

/** The whole map fitted into a 2400 × 1600 image, drawn by the same renderer as the screen. */
export function exportPng(model: GraphViewModel, visible: readonly boolean[] | null, fileName: string, width = 2400, height = 1600): Promise<void> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return Promise.reject(new Error('This browser cannot draw to a canvas.'));
  const renderer = new TopologyCanvasRenderer();
  renderer.setModel(model, context);
  renderer.draw(context, { view: fitViewport(model.bounds, width, height), width, height, pixelRatio: 1, visible, emphasised: [], matches: new Set(), selected: -1, hovered: -1, background: '#ffffff' });
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? (saveBlob(blob, fileName), resolve()) : reject(new Error('The image could not be encoded.'))), 'image/png'),
  );
}

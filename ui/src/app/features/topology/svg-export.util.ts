import { saveBlob } from '../../core/download.util';

/** A self-contained copy of a drawn SVG: its computed viewBox and inline white background. */
export function standaloneSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const box = svg.getBBox?.() ?? { x: 0, y: 0, width: svg.clientWidth, height: svg.clientHeight };
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(svg.clientWidth || box.width));
  copy.setAttribute('height', String(svg.clientHeight || box.height));
  copy.setAttribute('style', 'background:#ffffff;font-family:sans-serif');
  return new XMLSerializer().serializeToString(copy);
}

export function exportSvg(svg: SVGSVGElement, fileName: string): void {
  saveBlob(new Blob([standaloneSvg(svg)], { type: 'image/svg+xml' }), fileName);
}

/** Rasterises through a data: URL image (allowed by the console's CSP) onto a canvas. */
export function exportPng(svg: SVGSVGElement, fileName: string): Promise<void> {
  const text = standaloneSvg(svg);
  const width = svg.clientWidth || 1200;
  const height = svg.clientHeight || 800;
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = width * 2;
      canvas.height = height * 2;
      const context = canvas.getContext('2d');
      if (!context) return reject(new Error('This browser cannot draw to a canvas.'));
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.scale(2, 2);
      context.drawImage(image, 0, 0, width, height);
      canvas.toBlob((blob) => (blob ? (saveBlob(blob, fileName), resolve()) : reject(new Error('The image could not be encoded.'))), 'image/png');
    };
    image.onerror = () => reject(new Error('The topology image could not be drawn.'));
    image.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(text)))}`;
  });
}

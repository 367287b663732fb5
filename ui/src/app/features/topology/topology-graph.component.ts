import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, input, output } from '@angular/core';
import { GraphComponent, LayoutService, type Edge, type Node } from '@swimlane/ngx-graph';
import { FixedLayout } from './fixed.layout';
import { NODE_HEIGHT, NODE_WIDTH, type GraphViewModel } from './graph-view-model.logic';
import { exportPng, exportSvg } from './svg-export.util';

/** The WAN drawn with ngx-graph from a GraphViewModel; emits the peer id a user opens. */
@Component({
  selector: 'wom-topology-graph',
  imports: [GraphComponent],
  providers: [LayoutService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="graph-wrap" role="group" [attr.aria-label]="'Topology of ' + model().nodes.length + ' peers'" [style.height.px]="height()">
      @if (model().nodes.length > 0) {
        <ngx-graph [nodes]="nodes()" [links]="links()" [layout]="layout()" [autoZoom]="true" [autoCenter]="true" [animate]="false"
                   [enableZoom]="true" [enablePan]="true" [enableDrag]="false" [view]="view()" [showMiniMap]="false">
          <ng-template #defsTemplate></ng-template>
          <ng-template #nodeTemplate let-node>
            <svg:g class="peer-node" [attr.data-peer-id]="node.id" [attr.data-type]="node.data.type" [attr.data-online]="node.data.online"
                   tabindex="0" role="link" [attr.aria-label]="node.data.title" (click)="open.emit(node.id)" (keydown.enter)="open.emit(node.id)">
              <svg:title>{{ node.data.title }}</svg:title>
              <svg:rect [attr.width]="node.dimension.width" [attr.height]="node.dimension.height" rx="8" [attr.fill]="node.data.colour" stroke="#ffffff" stroke-width="2" />
              <svg:circle cx="12" [attr.cy]="node.dimension.height / 2" r="6" [attr.fill]="node.data.statusColour" stroke="#ffffff" stroke-width="2" />
              <svg:text x="24" y="18" fill="#ffffff" font-size="13" font-weight="600">{{ node.label }}</svg:text>
              <svg:text x="24" y="34" fill="#ffffff" font-size="11">{{ node.data.tunnelIp }}</svg:text>
              @if (node.data.mikrotikApi) {
                <svg:g class="api-mark" [attr.transform]="'translate(' + (node.dimension.width - 30) + ',4)'">
                  <svg:rect width="26" height="14" rx="3" fill="#ffffff" />
                  <svg:text x="13" y="11" text-anchor="middle" font-size="9" font-weight="700" fill="#0b57d0">API</svg:text>
                </svg:g>
              }
            </svg:g>
          </ng-template>
          <ng-template #linkTemplate let-link>
            <svg:g class="edge" [attr.data-kind]="link.data.kind">
              <svg:path class="line" [attr.d]="link.line" fill="none" [attr.stroke]="link.data.active ? '#5f6b7a' : '#c3cad4'"
                        [attr.stroke-width]="link.data.kind === 'connection' ? 2.5 : 1.2" [attr.stroke-dasharray]="link.data.active ? null : '4 3'" />
            </svg:g>
          </ng-template>
        </ngx-graph>
      }
    </div>
  `,
  styles: `.graph-wrap { width: 100%; background: #fff; border: 1px solid #d6dbe3; border-radius: 8px; overflow: hidden; }
           .peer-node { cursor: pointer; } .peer-node:focus-visible rect:first-of-type { stroke: #000; stroke-width: 3; }`,
})
export class TopologyGraphComponent {
  private readonly host = inject(ElementRef<HTMLElement>);
  readonly model = input.required<GraphViewModel>();
  readonly height = input(560);
  readonly width = input(1100);
  readonly open = output<string>();

  readonly view = computed<[number, number]>(() => [this.width(), this.height()]);
  readonly nodes = computed<Node[]>(() => this.model().nodes.map((n) => ({ id: n.id, label: n.label, data: n })));
  readonly links = computed<Edge[]>(() => this.model().edges.map((e, i) => ({ id: `link${i}`, source: e.source, target: e.target, data: e })));
  readonly layout = computed(() => new FixedLayout(new Map(this.model().nodes.map((n) => [n.id, { x: n.x, y: n.y }])), { width: NODE_WIDTH, height: NODE_HEIGHT }));

  private svg(): SVGSVGElement | null {
    return (this.host.nativeElement as HTMLElement).querySelector('svg.ngx-graph, ngx-graph svg');
  }

  exportSvg(fileName: string): void {
    const svg = this.svg();
    if (svg) exportSvg(svg, fileName);
  }

  exportPng(fileName: string): Promise<void> {
    const svg = this.svg();
    return svg ? exportPng(svg, fileName) : Promise.resolve();
  }
}

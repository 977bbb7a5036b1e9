/**
 * The findings of an analysis by where they start, for the renderer: each
 * part of the page shows the findings that start inside its span and have
 * not been shown yet. Found by binary search, with claimed findings skipped
 * by pointers that jump over them, so that drawing 60,000 milestones does not
 * look through every finding for each one (it took 79 s).
 */
import type { Finding, Span } from '../types';

export class FindingsBySpan {
  /** Indices of the findings in order of their start (the findings' own order among equal starts). */
  private readonly order: number[];
  private readonly starts: number[];
  /** Per position in `order`: the next position not yet claimed is found from here (n: none). */
  private readonly skip: Int32Array;
  private readonly claimed: Uint8Array;
  /** Whether `order` is the findings' own order (it is for an Analysis, whose findings are sorted). */
  private readonly inOrder: boolean;

  constructor(private readonly findings: readonly Finding[]) {
    const n = findings.length;
    this.order = Array.from({ length: n }, (_, i) => i);
    this.inOrder = findings.every((f, i) => i === 0 || findings[i - 1].span[0] <= f.span[0]);
    if (!this.inOrder) this.order.sort((x, y) => findings[x].span[0] - findings[y].span[0] || x - y);
    this.starts = this.order.map((i) => findings[i].span[0]);
    this.skip = Int32Array.from({ length: n + 1 }, (_, p) => p);
    this.claimed = new Uint8Array(n);
  }

  /** Takes (once) the findings whose start lies inside the span (or is its start, for an empty span), in order. */
  claim(span: Span): Finding[] {
    const [lo, hi] = this.range(span);
    const out: number[] = [];
    for (let p = this.next(lo); p < hi; p = this.next(p + 1)) {
      out.push(this.order[p]);
      this.claimed[this.order[p]] = 1;
      this.skip[p] = p + 1;
    }
    return this.pick(out);
  }

  /** The findings whose start lies inside the span, claimed or not, in order. */
  within(span: Span): Finding[] {
    const [lo, hi] = this.range(span);
    return this.pick(this.order.slice(lo, hi));
  }

  /** The findings not claimed, in order. */
  rest(): Finding[] {
    return this.findings.filter((_, i) => !this.claimed[i]);
  }

  /** Positions in `order` from the first start at or after span[0] to the first at or after its end. */
  private range(span: Span): [number, number] {
    const end = span[1] > span[0] ? span[1] : span[0] + 1;
    return [this.firstAtOrAfter(span[0]), this.firstAtOrAfter(end)];
  }

  private firstAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first position at or after p not yet claimed (shortening the jumps on the way). */
  private next(p: number): number {
    let q = p;
    while (this.skip[q] !== q) q = this.skip[q];
    for (let r = p; r !== q; ) {
      const t = this.skip[r];
      this.skip[r] = q;
      r = t;
    }
    return q;
  }

  private pick(indices: number[]): Finding[] {
    if (!this.inOrder) indices.sort((x, y) => x - y);
    return indices.map((i) => this.findings[i]);
  }
}

/**
 * Did-you-mean over tens of thousands of names within a keystroke. A bigram inverted index prunes the
 * candidates before any edit distance is computed: one edit (insert, delete, substitute, or swap of
 * neighbours) removes at most 3 of a name's distinct padded bigrams, so a name within distance k of the
 * query shares at least distinct(query) - 3k of them. Only names passing that bound (and the length bound)
 * are compared with the real distance.
 */
import { editDistance, typoThreshold } from './text';

function bigrams(lower: string): Set<string> {
  const padded = `^${lower}$`;
  const set = new Set<string>();
  for (let i = 0; i + 1 < padded.length; i++) set.add(padded.slice(i, i + 2));
  return set;
}

export class NameIndex {
  private readonly names: string[];
  private readonly lower: string[];
  private readonly postings = new Map<string, Int32Array>();
  private counts: Uint16Array;

  constructor(names: Iterable<string>) {
    this.names = [...new Set(names)].sort();
    this.lower = this.names.map((n) => n.toLowerCase());
    const lists = new Map<string, number[]>();
    this.lower.forEach((name, id) => {
      for (const gram of bigrams(name)) {
        const list = lists.get(gram);
        if (list) list.push(id);
        else lists.set(gram, [id]);
      }
    });
    // Packed once built: half the memory of plain arrays, and the server keeps one per project.
    for (const [gram, list] of lists) this.postings.set(gram, Int32Array.from(list));
    this.counts = new Uint16Array(this.names.length);
  }

  /** The closest name within the typo threshold (ties: the alphabetically first); undefined when none. */
  closest(query: string): string | undefined {
    const q = query.toLowerCase();
    const k = typoThreshold(query);
    const grams = bigrams(q);
    const need = grams.size - 3 * k;
    let candidates: number[];
    if (need <= 0) {
      candidates = [];
      for (let id = 0; id < this.lower.length; id++) if (Math.abs(this.lower[id].length - q.length) <= k) candidates.push(id);
    } else {
      this.counts.fill(0);
      const touched: number[] = [];
      for (const gram of grams) {
        const list = this.postings.get(gram);
        if (list) for (const id of list) if (this.counts[id]++ === 0) touched.push(id);
      }
      candidates = touched.filter((id) => this.counts[id] >= need && Math.abs(this.lower[id].length - q.length) <= k);
      candidates.sort((a, b) => a - b);
    }
    let best: number | undefined;
    let bestDistance = k + 1;
    // Ids are in alphabetical order, so the first name at the best distance wins ties.
    for (const id of candidates) {
      if (this.names[id] === query) continue;
      const d = editDistance(q, this.lower[id], bestDistance - 1);
      if (d < bestDistance) {
        best = id;
        bestDistance = d;
      }
    }
    return best === undefined ? undefined : this.names[best];
  }
}

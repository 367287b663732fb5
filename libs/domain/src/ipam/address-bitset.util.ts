/**
 * A fixed-size set of offsets 0..size-1, one bit each in 32-bit words.
 *
 * Why a bitset: finding the lowest free offset skips a full word (32 addresses) with one
 * comparison, so a /16 costs at most 2,048 word checks however many addresses are taken,
 * and marking an address is O(1). A sorted list or a Set would need a scan per candidate.
 */
export class AddressBitset {
  private readonly words: Uint32Array;
  /** Every word below this index is full; searches start here instead of at zero. */
  private firstOpenWord = 0;

  constructor(readonly size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32));
    // The unused high bits of the last word count as set, so a search never returns them.
    const tail = size % 32;
    if (tail !== 0) this.words[this.words.length - 1] = (0xffffffff << tail) >>> 0;
  }

  has(offset: number): boolean {
    return ((this.words[offset >>> 5]! >>> (offset & 31)) & 1) === 1;
  }

  /** Sets a bit; returns false when it was already set, so callers can keep exact counts. */
  add(offset: number): boolean {
    if (this.has(offset)) return false;
    const word = offset >>> 5;
    this.words[word] = this.words[word]! | (1 << (offset & 31));
    return true;
  }

  /** Clears a bit; returns false when it was already clear. */
  delete(offset: number): boolean {
    if (!this.has(offset)) return false;
    const word = offset >>> 5;
    this.words[word] = this.words[word]! & ~(1 << (offset & 31));
    if (word < this.firstOpenWord) this.firstOpenWord = word;
    return true;
  }

  /** The lowest clear offset, or -1 when every bit is set. */
  firstClear(): number {
    for (let word = this.firstOpenWord; word < this.words.length; word++) {
      const bits = this.words[word]!;
      if (bits !== 0xffffffff) {
        this.firstOpenWord = word;
        // `free & -free` isolates the lowest clear bit of `bits`; clz32 turns it into an index.
        const free = ~bits;
        return word * 32 + (31 - Math.clz32(free & -free));
      }
    }
    this.firstOpenWord = this.words.length;
    return -1;
  }
}

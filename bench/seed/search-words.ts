/**
 * The words of the search scenario's messages: a vocabulary of pronounceable made-up words whose use
 * follows Zipf's law (word r is used about 1/r as often as the most common one), as words in real text
 * are, so the queries meet both very common and rare words. Seeded: the seeder, the server's queries
 * and the ceiling's queries draw the same words.
 */
export const VOCABULARY_SIZE = 5000;
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'su',
  'ta',
  'ri',
  'po',
  'va',
  'de',
  'go',
  'hu',
  'zi',
  'be',
  'fa',
  'ju',
];

export function vocabulary(): string[] {
  return Array.from({ length: VOCABULARY_SIZE }, (_, r) => {
    let word = '';
    // Three syllables at least, so no word is a prefix or a stop word of another language.
    for (let n = r + SYLLABLES.length ** 2, i = 0; i < 3 || n > 0; i++) {
      word += SYLLABLES[n % SYLLABLES.length];
      n = Math.floor(n / SYLLABLES.length);
    }
    return word;
  });
}

/** A small fast seeded generator (mulberry32): the same seed, the same sequence. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws words by Zipf's law from the vocabulary. */
export function zipfWords(random: () => number): () => string {
  const words = vocabulary();
  const cumulative = new Float64Array(words.length);
  let sum = 0;
  for (let r = 0; r < words.length; r++) {
    sum += 1 / (r + 1);
    cumulative[r] = sum;
  }
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = words.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo] as string;
  };
}

/** The query words of a run: drawn uniformly from the vocabulary, so rare and common words alike. */
export function queryWords(count: number, seed: number): string[] {
  const words = vocabulary();
  const random = seeded(seed);
  return Array.from({ length: count }, () => words[Math.floor(random() * words.length)] as string);
}

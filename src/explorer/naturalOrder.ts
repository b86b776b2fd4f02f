// Natural order for names (node-2 before node-10, case-insensitive), written out rather than taken
// from Intl.Collator: the first collator a process creates loads ICU's collation data, ~9 ms that
// activation would pay before the view is even shown (docs/PERFORMANCE.md, "Activation"). For
// names made of letters, digits, '-', '.' and '_' (everything Kubernetes and qbo allow) the order
// is the one `new Intl.Collator('en', { numeric: true, sensitivity: 'base' })` gives; a unit test
// holds it to that.

const ZERO = 48;
const NINE = 57;

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

/** Where a non-digit character sorts: separators first, then other ASCII, then letters, then the rest (digits sit at 500). */
function weight(code: number): number {
  if (code >= 97 && code <= 122) return 1000 + code; // a–z
  if (code >= 65 && code <= 90) return 1000 + code + 32; // A–Z as a–z
  switch (code) {
    case 32: // space
      return 0;
    case 95: // _
      return 1;
    case 45: // -
      return 2;
    case 46: // .
      return 3;
  }
  return code < 128 ? 10 + code : 2000 + code;
}

const DIGIT_WEIGHT = 500;

/** Natural order: node-2 before node-10, case-insensitive, ties broken by exact text. */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    const da = isDigit(ca);
    const db = isDigit(cb);
    if (da && db) {
      // Compare the two numbers by value without parsing them (they may be longer than a double holds).
      let startA = i;
      let startB = j;
      while (startA < a.length && a.charCodeAt(startA) === ZERO) startA++;
      while (startB < b.length && b.charCodeAt(startB) === ZERO) startB++;
      let endA = startA;
      let endB = startB;
      while (endA < a.length && isDigit(a.charCodeAt(endA))) endA++;
      while (endB < b.length && isDigit(b.charCodeAt(endB))) endB++;
      const lengthA = endA - startA;
      const lengthB = endB - startB;
      if (lengthA !== lengthB) return lengthA < lengthB ? -1 : 1;
      for (let k = 0; k < lengthA; k++) {
        const difference = a.charCodeAt(startA + k) - b.charCodeAt(startB + k);
        if (difference !== 0) return difference < 0 ? -1 : 1;
      }
      i = endA;
      j = endB;
      continue;
    }
    const wa = da ? DIGIT_WEIGHT : weight(ca);
    const wb = db ? DIGIT_WEIGHT : weight(cb);
    if (wa !== wb) return wa < wb ? -1 : 1;
    i++;
    j++;
  }
  const restA = a.length - i;
  const restB = b.length - j;
  if (restA !== restB) return restA < restB ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

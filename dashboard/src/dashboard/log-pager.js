// Which part of a task's log is on screen: a window of contiguous byte ranges read page by page
// from `GET /api/v1/tasks/{id}/log`, moved to the start or the end, grown earlier or later, and
// followed while the attempt runs. Offsets are the file's: one attempt's section starts where the
// server says its first page does. Nothing here touches the DOM: the log view draws what it says.

/** Bytes asked for per request. */
export const PAGE_BYTES = 64 * 1024;
/** At most this much of a log is held on the page; growing past it drops the other end. */
export const WINDOW_BYTES = 1024 * 1024;

/**
 * @param fetchPage (offset, limit) => Promise<{ offset, next_offset, size, complete, text }>
 * @param onChange ({ reset, appended }) => void — `appended` is text added at the end, else redraw all
 */
export function createLogPager({ fetchPage, onChange, pageBytes = PAGE_BYTES, windowBytes = WINDOW_BYTES }) {
  let chunks = [];
  let origin = 0;
  let size = null;
  // Whether the log will grow: known from a page that reaches its end (null until one has).
  let complete = null;
  let busy = null;
  let generation = 0;

  const first = () => chunks[0]?.offset ?? origin;
  const last = () => chunks[chunks.length - 1]?.next ?? origin;
  const held = () => last() - first();

  /** Reads [from, to) (to = null: one page), page after page until it is all there or the log ends. */
  async function read(from, to, ticket) {
    const pages = [];
    let at = from;
    do {
      const limit = to == null ? pageBytes : Math.min(pageBytes, to - at);
      const page = await fetchPage(at, limit);
      if (ticket !== generation) return null;
      // Asked from 0, the server answers from where the range really starts (an attempt's section).
      if (at === 0) origin = Number(page.offset ?? 0);
      at = Math.max(at, Number(page.offset ?? at));
      size = Number(page.size ?? size ?? 0);
      const next = Number(page.next_offset ?? at);
      if (next >= size) complete = Boolean(page.complete);
      if (next > at) pages.push({ offset: at, next, text: String(page.text ?? '') });
      if (next <= at) break;
      at = next;
    } while (to != null && at < to);
    return pages;
  }

  /** One operation at a time; a newer jump (start, end, another log) makes an older one moot. */
  function run(work, { jump = false } = {}) {
    if (jump) generation++;
    else if (busy) return busy;
    const ticket = generation;
    busy = work(ticket).catch((error) => {
      if (ticket === generation) throw error;
    }).finally(() => { if (ticket === generation) busy = null; });
    return busy;
  }

  function trimFront() {
    while (chunks.length > 1 && held() > windowBytes) chunks.shift();
  }

  function trimBack() {
    while (chunks.length > 1 && held() > windowBytes) chunks.pop();
  }

  const pager = {
    get text() { return chunks.map((c) => c.text).join(''); },
    /** What is shown and what there is: byte offsets, the log's size, whether it will grow (null: not known yet). */
    get range() { return { origin, from: first(), to: last(), size, complete }; },
    get atStart() { return first() <= origin; },
    get atEnd() { return size != null && last() >= size; },

    /** From the first byte. */
    start: () => run(async (ticket) => {
      const pages = await read(0, null, ticket);
      if (!pages) return;
      chunks = pages;
      onChange({ reset: true });
    }, { jump: true }),

    /** The last page: where a log's news and a failure's cause are. */
    end: () => run(async (ticket) => {
      let pages = await read(0, null, ticket);
      if (!pages) return;
      const read1 = pages[pages.length - 1]?.next ?? origin;
      if (size > read1) {
        const from = Math.max(read1, size - pageBytes);
        const tail = await read(from, size, ticket);
        if (!tail) return;
        // Contiguous with the first page: keep both; otherwise only the tail.
        pages = from === read1 ? [...pages, ...tail] : tail;
      }
      chunks = pages;
      onChange({ reset: true });
    }, { jump: true }),

    /** The page before the window. */
    earlier: () => run(async (ticket) => {
      if (first() <= origin) return;
      const to = first();
      const pages = await read(Math.max(origin, to - pageBytes), to, ticket);
      if (!pages?.length) return;
      chunks = [...pages, ...chunks];
      trimBack();
      onChange({ reset: true });
    }),

    /** What follows the window: the next page, or what a running attempt wrote since. */
    later: () => run(async (ticket) => {
      const pages = await read(last(), null, ticket);
      if (!pages?.length) { onChange({ reset: false, appended: '' }); return; }
      chunks.push(...pages);
      const before = chunks[0];
      trimFront();
      onChange(chunks[0] === before ? { reset: false, appended: pages.map((p) => p.text).join('') } : { reset: true });
    }),

    /** Forgets the log (another task or attempt is chosen). */
    clear() {
      generation++;
      busy = null;
      chunks = [];
      origin = 0;
      size = null;
      complete = null;
    },
  };
  return pager;
}

// Frames of every screen, rendered by ink into a fake terminal from fixture scenarios and runs: what a
// candidate sees at each step of choose → turn knobs → predict → run → results → compare → lesson.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { KEYS, renderApp } from './helpers/render-app.js';
import { keymap } from '../../src/ui/keymap.js';
import { colourTheme } from '../../src/ui/theme.js';
import { annResult, annScenario } from './fixtures.js';

afterEach(() => cleanup());

/** home → the ANN scenario (system-design first, then deep-dives) */
async function openAnn(app: ReturnType<typeof renderApp>) {
  await app.waitFor('Deep dives');
  await app.press(KEYS.down, KEYS.enter);
  await app.waitFor('Knobs');
}

describe('home screen', () => {
  it('lists scenarios under their interview topics with their questions', async () => {
    const app = renderApp();
    const f = await app.waitFor('Deep dives');
    expect(f).toContain('recsys-lab · scenarios');
    expect(f).toMatch(/System design\n› Retrieval then ranking/);
    expect(f).toContain('Production ML');
    expect(f).toContain('HNSW against exact search — recall versus latency');
    expect(f).toContain('Why do recommenders retrieve hundreds of candidates before ranking?');
    expect(f).not.toContain('Trade-offs'); // no scenario under it
  });
  it('typing filters the list and Esc clears the filter', async () => {
    const app = renderApp();
    await app.waitFor('Deep dives');
    await app.press('d', 'r', 'i', 'f', 't');
    const f = await app.waitFor('Filter: drift');
    expect(f).toContain('(1 match)');
    expect(f).toContain('Detecting drift with PSI');
    expect(f).not.toContain('HNSW against exact search');
    await app.press(KEYS.esc);
    expect(await app.waitFor('Type to filter')).toContain('HNSW against exact search');
  });
  it('q quits with exit code 0', async () => {
    const app = renderApp();
    await app.waitFor('Deep dives');
    await app.press('q');
    await app.until(() => app.exits.length > 0, 'exit');
    expect(app.exits).toEqual([0]);
  });
});

describe('scenario screen', () => {
  it('shows the question, every knob with its range, and the scale', async () => {
    const app = renderApp();
    await openAnn(app);
    const f = app.frame();
    expect(f).toContain('Serving nearest-neighbour retrieval over millions of item vectors');
    expect(f).toMatch(/› items\s+◂\s+5,000 ▸ items\s+\[1,000 … 1,000,000\]/);
    expect(f).toMatch(/ M\s+16\s+links\s+\[4 … 64\]/);
    expect(f).toMatch(/metric\s+ip\s+\[ip \| cosine \| l2\]/);
    expect(f).toMatch(/scale\s+\[tiny\]\s+small\s+full/);
    expect(f).toMatch(/ seeds\s+1\s+\[1 … 20\]/);
    expect(f).toContain('▶ Enter runs at scale tiny');
    expect(f).toMatch(/The run checks these claims:\n\s+• HNSW reaches recall@10 ≥ 0\.95 below 1 ms p99/);
  });
  it('→ steps a knob and marks it changed; a typed out-of-range value is refused inline', async () => {
    const app = renderApp();
    await openAnn(app);
    await app.press(KEYS.down, KEYS.right);
    expect(await app.waitFor(/M\s+◂\s+17 ▸ links\s+\[4 … 64\] \(changed\)/)).toBeTruthy();
    await app.press('9', '9', KEYS.enter);
    const f = await app.waitFor('✗ param "M"');
    expect(f).toContain('99▏');
    expect(f).toMatch(/expected an integer in \[4, 64\]/);
    await app.press(KEYS.backspace, KEYS.backspace, '3', '2', KEYS.enter);
    expect(await app.waitFor(/M\s+◂\s+32 ▸/)).not.toContain('✗ param');
  });
});

describe('scenario screen on a short terminal', () => {
  it('at 80×24 with many knobs keeps the title, the question and every knob, dropping only spacers', async () => {
    const many = { ...annScenario, params: Array.from({ length: 11 }, (_, i) => ({ name: `knob${i}`, type: 'int' as const, default: i, min: 0, max: 99, description: `knob ${i}` })) };
    const app = renderApp({ scenarios: [many], columns: 80, rows: 24 });
    await app.waitFor('Deep dives');
    await app.press(KEYS.enter);
    const f = await app.waitFor('knob10');
    expect(f.split('\n')[1]).toBe('HNSW against exact search — recall versus latency');
    for (let i = 0; i < 11; i++) expect(f).toMatch(new RegExp(`knob${i}\\s+(◂\\s+)?${i}\\b`));
    expect(f).toMatch(/scale\s+\[tiny\]/);
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
  });
});

describe('running screen', () => {
  it('shows each stage with a bar, elapsed time and ETA, and Esc cancels through the signal', async () => {
    const app = renderApp({
      hold: true,
      events: [
        { type: 'start', scenario: 'ann-recall-latency', params: {}, scale: 'tiny', seed: 42 },
        { type: 'stage-start', stage: 'world' },
        { type: 'stage-end', stage: 'world', ms: 5 },
        { type: 'stage-start', stage: 'build hnsw' },
        { type: 'progress', stage: 'build hnsw', fraction: 0.5, detail: '2,500 / 5,000 items' },
        { type: 'partial', output: { series: [{ name: 'ef-sweep', x: 'ef', points: [{ ef: 10, recall_at_10: 0.71, p99_ms: 0.1 }, { ef: 50, recall_at_10: 0.91, p99_ms: 0.42 }] }] } },
      ],
    });
    await openAnn(app);
    await app.press(KEYS.enter);
    const f = await app.waitFor('build hnsw');
    expect(f).toContain('Running HNSW against exact search');
    expect(f).toMatch(/✓ world\s+█+ 100%/);
    expect(f).toMatch(/· build hnsw\s+█+░+\s+50%\s+\d+ ms\s+ETA \S+( ms| s)?\s+2,500 \/ 5,000 items/);
    expect(f).toContain('Esc or Ctrl-C cancels the run');
    expect(f).toContain('2 sweep points done');
    expect(f).toMatch(/Sweep so far \(2 points\):\nef\s+recall_at_10\s+p99_ms\n[─ ]+\n\s*10\s+0\.7100\s+0\.1000\n\s*50\s+0\.9100\s+0\.4200/);
    await app.press(KEYS.esc);
    expect(await app.waitFor('run cancelled')).toContain('Knobs');
    await app.until(() => app.runs[0].signal.aborted, 'the run aborted');
    expect(app.appended).toEqual([]);
  });
});

describe('running screen, Ctrl-C', () => {
  it('Ctrl-C cancels the run (it does not quit the app)', async () => {
    const app = renderApp({ hold: true, events: [{ type: 'stage-start', stage: 'world' }] });
    await openAnn(app);
    await app.press(KEYS.enter);
    await app.waitFor('Esc or Ctrl-C cancels the run');
    await app.press('\x03');
    expect(await app.waitFor('run cancelled')).toContain('Knobs');
    await app.until(() => app.runs[0].signal.aborted, 'the run aborted');
    expect(app.exits).toEqual([]);
  });
});

describe('a refused run', () => {
  it('returns to the knobs with the whole error message', async () => {
    const app = renderApp();
    app.services.runScenario = async () => {
      throw new Error('ann: 1,000,000 items × 256 dims needs about 9.8 GB, over the 4 GB limit; lower items or dim (or set RECSYS_LAB_MEMORY_LIMIT_MB)');
    };
    await openAnn(app);
    await app.press(KEYS.enter);
    const f = await app.waitFor('✗ run failed: ann: 1,000,000 items');
    expect(f.replace(/\n/g, ' ')).toMatch(/lower items or dim \(or set\s+RECSYS_LAB_MEMORY_LIMIT_MB\)/);
    expect(f).toContain('Knobs (');
  });
});

describe('results screen', () => {
  it('shows the claims with ✓/✗ and observed values, the metrics, the sweep chart and the latency bars', async () => {
    const app = renderApp();
    await openAnn(app);
    await app.press(KEYS.enter);
    const f = await app.waitFor('Claims');
    expect(f).toContain('recsys-lab · results');
    expect(f).toContain('✗ HNSW reaches recall@10 ≥ 0.95 below 1 ms p99');
    expect(f).toContain('fails here (exact metrics: decided by the point value): recall_at_10 = 0.9100, p99_ms = 0.4200');
    expect(f).toMatch(/recall_at_10\s+0\.9100/);
    expect(f).toContain('Recall against ef');
    await app.until(() => app.appended.length === 1, 'the run saved to history');
  });
  it('scrolls to the tables and notes further down', async () => {
    const app = renderApp({ rows: 30 });
    await openAnn(app);
    await app.press(KEYS.enter);
    await app.waitFor('Claims');
    await app.press('G');
    const f = await app.waitFor('ef=200 crosses the 1 ms budget');
    expect(f).toMatch(/lines \d+–\d+ of \d+/);
    expect(f).not.toContain('Claims');
  });
  it('e exports the run and says where', async () => {
    const app = renderApp();
    await openAnn(app);
    await app.press(KEYS.enter);
    await app.waitFor('Claims');
    await app.press('e');
    expect(await app.waitFor('exported to /tmp/export.md')).toBeTruthy();
    expect(app.exported).toHaveLength(1);
    expect(app.exported[0]).toBe(app.appended[0]); // the run just made, as saved to history
  });
});

describe('results screen: three verdicts, intervals and the machine', () => {
  const judged = annResult({
    metrics: { recall_at_10: 0.91, p99_ms: 0.42 },
    intervals: { recall_at_10: [0.89, 0.93], p99_ms: [0.4, 0.47] },
    latency: { search: { n: 400, p50_ms: 0.2, p95_ms: 0.35, p99_ms: 0.42, mean_ms: 0.22, max_ms: 0.9, ci: { p50: [0.19, 0.21], p95: [0.33, 0.37], p99: [0.4, 0.47] } } },
    environment: { node: 'v20', tfjsBackend: 'none', cpus: 2, noise: { level: 'busy', loadAvg1: 9.5, cpus: 2, calibrationCv: 0.4, cpuShare: 0.6, disturbedShare: 0.3, warnings: ['load average 9.50 on 2 cores before the run'] } },
    claims: [
      { text: 'recall@10 at least 0.9', expr: 'recall_at_10 >= 0.9', kind: 'finding', verdict: 'holds', holds: true, share: 0.99, replicates: 400, observed: { recall_at_10: 0.91 }, intervals: { recall_at_10: [0.89, 0.93] } },
      { text: 'p99 under 0.41 ms', expr: 'p99_ms < 0.41', kind: 'finding', verdict: 'inconclusive', holds: false, share: 0.4, replicates: 400, observed: { p99_ms: 0.42 }, intervals: { p99_ms: [0.4, 0.47] } },
      { text: 'recall@10 above 0.95', expr: 'recall_at_10 > 0.95', kind: 'finding', verdict: 'fails', holds: false, share: 0, replicates: 400, observed: { recall_at_10: 0.91 } },
      { text: 'the index holds every item', expr: 'items == 5000', kind: 'check', verdict: 'holds', holds: true, share: 1, replicates: 1, observed: { items: 5000 } },
    ],
  });

  it('✓ holds, ? inconclusive and ✗ fails apart, with the share of resamples and intervals; checks in their own list; the busy warning first', async () => {
    const app = renderApp({ result: () => judged, rows: 60 });
    await openAnn(app);
    await app.press(KEYS.enter);
    const f = await app.waitFor('Checks');
    const lines = f.split('\n');
    const at = (text: string) => lines.findIndex((l) => l.includes(text));
    expect(f).toContain('⚠ Measured on a busy machine');
    expect(f.replace(/\s+/g, ' ')).toContain('load average 9.50 on 2 cores before the run');
    expect(at('⚠ Measured on a busy machine')).toBeLessThan(at('Claims (judged on this run)'));
    expect(f).toMatch(/✓ recall@10 at least 0\.9\n\s+holds here \(true on 99% of 400 resamples\): recall_at_10 = 0\.9100 \[0\.8900–0\.9300\]/);
    expect(f).toMatch(/\? p99 under 0\.41 ms\n\s+inconclusive here \(true on 40% of 400 resamples\): p99_ms = 0\.4200 \[0\.4000–0\.4700\]/);
    expect(f).toMatch(/✗ recall@10 above 0\.95\n\s+fails here/);
    // checks come after every finding, under their own heading
    expect(at('Checks (invariants of the code, not findings)')).toBeGreaterThan(at('recall@10 above 0.95'));
    expect(f).toMatch(/✓ the index holds every item\n\s+holds here \(exact metrics/);
    // intervals beside the metrics; n and the interval beside each latency percentile
    expect(f).toMatch(/recall_at_10\s+0\.9100\s+0\.8900–0\.9300/);
    expect(f).toMatch(/search\s+400\s+0\.2000 \[0\.1900–0\.2100\]\s+0\.3500\s+0\.4200 \[0\.4000–0\.4700\]/);
  });

  it('a quiet machine gets no warning line', async () => {
    const quiet = { ...judged, environment: { ...judged.environment, noise: { ...judged.environment.noise!, level: 'quiet' as const, warnings: [] } } };
    const app = renderApp({ result: () => quiet, rows: 60 });
    await openAnn(app);
    await app.press(KEYS.enter);
    expect(await app.waitFor('Checks')).not.toContain('busy machine');
  });

  it('seeds: typed on the seeds row, carried by the run, shown as mean and interval per metric and "holds in k of N"', async () => {
    const seeded = annResult({
      claims: [{ ...judged.claims[0], verdict: 'inconclusive', holds: false, holdsIn: 2, of: 3, seedDependent: true }],
      seeds: {
        seeds: [42, 7961, 15880],
        metrics: { recall_at_10: { mean: 0.905, ci: [0.89, 0.92], values: [0.91, 0.9, 0.905] }, p99_ms: { mean: 0.43, ci: [0.41, 0.45], values: [0.42, 0.44, 0.43] } },
        claims: [{ text: judged.claims[0].text, holdsIn: 2, of: 3, verdicts: ['holds', 'holds', 'fails'], seedDependent: true }],
      },
    });
    const app = renderApp({ result: () => seeded, rows: 60 });
    await openAnn(app);
    await app.press(KEYS.up); // from the first knob up to the seeds row
    await app.waitFor(/› seeds\s+◂\s+1 ▸/);
    await app.press('3', KEYS.enter);
    await app.waitFor('▶ Enter runs at scale tiny under 3 seeds');
    expect(app.frame()).toMatch(/scale tiny · seed 42 · 3 seeds/);
    await app.press(KEYS.enter);
    const f = await app.waitFor('Claims');
    expect(app.runs[0].seeds).toBe(3);
    expect(f).toContain('3 seeds (42, 7961, 15880)');
    expect(f).toMatch(/\? recall@10 at least 0\.9\n\s+inconclusive here \(holds in 2 of 3 seeds — the verdict depends on the seed\)/);
    expect(f).toContain('Metrics over 3 seeds (42, 7961, 15880)');
    expect(f).toMatch(/recall_at_10\s+0\.9050\s+0\.8900–0\.9200\s+0\.9100 · 0\.9000 · 0\.9050/);
  });
});

describe('predict, then observe', () => {
  it('asks up/down/same against the previous run, then scores the answers with the explanation', async () => {
    const app = renderApp({
      history: { 'ann-recall-latency': [annResult()] },
      result: (p) => annResult({ params: p as never, metrics: { recall_at_10: 0.95, p99_ms: 0.6 } }),
    });
    await openAnn(app);
    await app.press(KEYS.down, KEYS.right, KEYS.right, KEYS.enter);
    let f = await app.waitFor('Predict, then observe');
    expect(f).toContain('you changed M.');
    expect(f).toMatch(/› recall_at_10\s+was 0\.9100/);
    expect(f).toContain('If you double M, does recall@10 go up, down or stay the same?');
    await app.press('u');
    await app.waitFor('you said ↑ up');
    await app.press('s');
    f = await app.waitFor('Your predictions');
    expect(f).toContain('Your predictions: 1 of 2 right');
    expect(f).toContain('✓ recall_at_10: 0.9100 → 0.9500 measured ↑ up, you said ↑ up');
    expect(f).toContain('More links per node give the greedy search more routes');
    expect(f).toContain('✗ p99_ms: 0.4200 → 0.6000 measured ↑ up, you said = same');
  });
});

describe('compare screen', () => {
  it('lists runs newest first and shows knobs and metrics side by side with deltas and arrows', async () => {
    const older = annResult();
    const newer = annResult({ params: { items: 5000, M: 32, metric: 'ip' }, metrics: { recall_at_10: 0.95, p99_ms: 0.42 } });
    const app = renderApp({ history: { 'ann-recall-latency': [older, newer] } });
    await openAnn(app);
    await app.press('c');
    const f = await app.waitFor('Runs of');
    expect(f).toMatch(/› #2 tiny items=5000 M=32 metric=ip · recall_at_10 0\.9500/);
    expect(f).toMatch(/#1 tiny items=5000 M=16/);
    expect(f).toMatch(/M\s+16\s+32\s+↑ \+16 \(\+100%\)/);
    expect(f).toContain('same knobs: items=5000 metric=ip scale=tiny');
    expect(f).not.toMatch(/^items\s+5,000/m);
    expect(f).toMatch(/recall_at_10\s+0\.9100\s+0\.9500\s+↑ \+0\.0400 \(\+4\.3%\)/);
    expect(f).toMatch(/p99_ms\s+0\.4200\s+0\.4200\s*\n/);
    await app.press(KEYS.down);
    expect(await app.waitFor('(first run)')).toMatch(/› #1/);
  });
  it('m marks a baseline: the selected run is then compared with it', async () => {
    const runs = [0.8, 0.9, 0.95].map((r, i) => annResult({ params: { items: 5000, M: 16 * (i + 1), metric: 'ip' }, metrics: { recall_at_10: r, p99_ms: 0.42 } }));
    const app = renderApp({ history: { 'ann-recall-latency': runs } });
    await openAnn(app);
    await app.press('c');
    await app.waitFor('m marks a baseline');
    await app.press(KEYS.down, KEYS.down, 'm', 'k', 'k');
    // wait for the frame after the two k's too: the first frame with the baseline line can come before them (under load
    // it did, and the cursor was still on #1)
    const f = await app.waitFor(/◆ #1 is the baseline[\s\S]*› #3 /);
    expect(f).toMatch(/› #3 /);
    expect(f).toMatch(/◆ #1 tiny/);
    expect(f).toMatch(/^\s+#1\s+#3\s+Δ/m);
    expect(f).toMatch(/recall_at_10\s+0\.8000\s+0\.9500\s+↑ \+0\.1500/);
    await app.press('j', 'j', 'm');
    expect(await app.waitFor('m marks a baseline')).toMatch(/^\s+\(first run\)\s+#1/m);
  });
  it('on a short terminal says how many metric rows did not fit', async () => {
    const metrics = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`m${String(i).padStart(2, '0')}`, i]));
    const runs = [annResult({ metrics }), annResult({ metrics: { ...metrics, m00: 5 } })];
    const app = renderApp({ history: { 'ann-recall-latency': runs }, columns: 80, rows: 24 });
    await openAnn(app);
    await app.press('c');
    const f = await app.waitFor(/… \d+ more metrics/);
    const shown = f.match(/^m\d\d /gm)?.length ?? 0;
    const hidden = Number(/… (\d+) more metrics/.exec(f)![1]);
    expect(shown + hidden).toBe(30);
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
  });
  it('says so when there are no runs yet', async () => {
    const app = renderApp();
    await openAnn(app);
    await app.press('c');
    expect(await app.waitFor('No runs of ann-recall-latency yet')).toBeTruthy();
  });
});

describe('lesson pane', () => {
  it('renders the lesson markdown and scrolls', async () => {
    const app = renderApp({ rows: 30 });
    await openAnn(app);
    await app.press('l');
    let f = await app.waitFor('Lesson scaling');
    expect(f).toContain('• point 1');
    expect(f).toMatch(/lessons\/scaling\.md · lines 1–25 of 63/);
    await app.press(KEYS.down, KEYS.down, KEYS.down);
    f = await app.waitFor('lines 4–28 of 63');
    expect(f).not.toContain('Lesson scaling');
    await app.press('G');
    expect(await app.waitFor('lines 39–63 of 63')).toContain('• point 60');
    await app.press('k');
    expect(await app.waitFor('lines 38–62 of 63')).toBeTruthy(); // bottom was clamped, so one k moves
  });
});

describe('help screen', () => {
  it('? lists every command of the keymap with its key, fitting 80×24, and ? closes it', async () => {
    const app = renderApp({ columns: 80, rows: 24 });
    await app.waitFor('Deep dives');
    await app.press('?');
    const f = await app.waitFor('Keys (? or Esc closes)');
    for (const c of Object.keys(keymap) as (keyof typeof keymap)[]) {
      expect(f).toContain(`${keymap[c].label} `);
      expect(f).toContain(keymap[c].description.slice(0, 20));
    }
    await app.press('?');
    expect(await app.waitFor('Type to filter')).toBeTruthy();
  });
});

describe('colour theme', () => {
  it('renders every screen with the colour theme (every semantic colour is a valid ink colour)', async () => {
    const app = renderApp({ theme: colourTheme, history: { 'ann-recall-latency': [annResult()] } });
    await openAnn(app);
    await app.press(KEYS.enter);
    await app.waitFor('Predict, then observe');
    await app.press('u', 'u');
    await app.waitFor('Claims');
    await app.press('c');
    await app.waitFor('Runs of');
    await app.press('?');
    expect(await app.waitFor('Keys (? or Esc closes)')).toBeTruthy();
  });
});

describe('too-small terminal', () => {
  it('says so below 80×24 and re-lays out when the terminal grows', async () => {
    const app = renderApp();
    await app.waitFor('Deep dives');
    app.resize(70, 20);
    const f = await app.waitFor('Terminal too small: 70×20.');
    expect(f).toContain('at least 80×24');
    expect(f).not.toContain('Deep dives');
    app.resize(120, 30);
    expect(await app.waitFor('Deep dives')).toContain('scale tiny · seed 42');
  });
});

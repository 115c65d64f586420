// Design files: the shipped ones load and become scenarios whose defaults are their choices; every malformed file fails
// with a UsageError naming the file, the field and what is allowed.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { validateClaims } from '../../src/scenario/claims.js';
import { DESIGN_STAGES, designClaims, designKnobs, designScenario, listDesigns, parseDesign, STAGE_NAMES } from '../../src/scenario/design.js';
import { resolveParams } from '../../src/scenario/params.js';

const FILE = 'my-design.yaml';
const fails = (text: string): string => {
  try {
    parseDesign(text, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
};

describe('design files', () => {
  it('every knob of the design groups sits in exactly one stage section, and every stage field is a knob', () => {
    const knobs = designKnobs().map((k) => k.name).sort();
    const placed = Object.values(DESIGN_STAGES).flat().sort();
    expect(placed).toEqual(knobs);
  });

  it('ships the reference, a cheap-and-fast and a quality-first design, the reference first', () => {
    const ids = listDesigns().map((d) => d.id);
    expect(ids[0]).toBe('reference');
    expect(ids).toEqual(expect.arrayContaining(['cheap-and-fast', 'quality-first']));
  });

  it('a shipped design round-trips: its scenario resolves to the values the file wrote, per scale where it wrote one per scale', async () => {
    for (const d of listDesigns()) {
      const s = designScenario(d);
      await validateClaims(s.claims, s.file ?? s.id);
      for (const scale of ['tiny', 'small'] as const) {
        const params = resolveParams(s, {}, scale);
        for (const sec of Object.values(d.choices)) {
          for (const [k, v] of Object.entries(sec)) expect(params[k], `${d.id} ${k} at ${scale}`).toEqual(typeof v === 'object' ? (v[scale] ?? params[k]) : v);
        }
      }
    }
    const ref = resolveParams(designScenario(listDesigns()[0]), {}, 'tiny');
    expect(ref.trees).toBe(30);
    expect(resolveParams(designScenario(listDesigns()[0]), {}, 'small').trees).toBe(100);
  });

  it('a knob the file leaves out keeps the reference default', () => {
    const d = parseDesign('id: lean\ntitle: Lean\nindex: { ann: exact }\n', FILE);
    const params = resolveParams(designScenario(d), {}, 'small');
    expect(params.ann).toBe('exact');
    expect(params.candidates).toBe(500);
    expect(d.scale).toBe('small');
  });

  it('the requirements become claims: the p99 budget always, memory and quality targets only when stated', () => {
    const bare = parseDesign('id: a\ntitle: A\n', FILE);
    expect(designClaims(bare).map((c) => c.expr)).toEqual(['p99_ms < budgetMs', 'unaccounted_pct < 10']);
    const full = parseDesign('id: a\ntitle: A\nrequirements: { scale: tiny, qps: 50, memoryBudgetMb: 512, minRecallAt100: 0.2, minNdcgAt10: 0.1 }\n', FILE);
    expect(full.scale).toBe('tiny');
    expect(designClaims(full).map((c) => c.expr)).toEqual(['p99_ms < budgetMs', 'memory_total_mb <= 512', 'recall_at_100 >= 0.2', 'ndcg_at_10 >= 0.1', 'unaccounted_pct < 10']);
    expect(designClaims(full).map((c) => c.kind)).toEqual(['finding', 'finding', 'finding', 'finding', 'check']);
  });

  it('names the file, the field and the allowed values for a bad value', () => {
    expect(fails('id: a\ntitle: A\nindex: { ann: annoy }\n')).toBe(`${FILE}: index.ann: "annoy" is not allowed; expected one of hnsw, exact`);
    expect(fails('id: a\ntitle: A\nranking: { candidates: 5 }\n')).toBe(`${FILE}: ranking.candidates: 5 is not allowed; expected an integer in [10, 5000] items`);
    expect(fails('id: a\ntitle: A\nranking: { trees: { tiny: 2.5 } }\n')).toMatch(/ranking\.trees\.tiny: 2\.5 is not allowed; expected an integer/);
    expect(fails('id: a\ntitle: A\nrules: { excludeSeen: maybe }\n')).toMatch(/rules\.excludeSeen: "maybe" is not allowed; expected true or false/);
    expect(fails('id: a\ntitle: A\nrequirements: { scale: huge }\n')).toMatch(/requirements\.scale: "huge" is not allowed; expected one of tiny, small, full/);
    expect(fails('id: a\ntitle: A\nrequirements: { minRecallAt100: 2 }\n')).toMatch(/requirements\.minRecallAt100: 2 is not allowed; expected a number in \(0, 1\]/);
  });

  it('names a field in the wrong section, an unknown field and an unknown section', () => {
    expect(fails('id: a\ntitle: A\nindex: { candidates: 100 }\n')).toMatch(/index\.candidates: unknown field here \(it belongs in ranking\); index's fields are: ann, M, efConstruction, ef/);
    expect(fails('id: a\ntitle: A\nindex: { nlist: 100 }\n')).toMatch(/index\.nlist: unknown field; index's fields are/);
    const msg = fails('id: a\ntitle: A\nfeaturez: { x: 1 }\n');
    expect(msg).toMatch(/unknown field\(s\) featurez/);
    for (const s of STAGE_NAMES) expect(msg).toContain(s);
  });

  it('bad shards, leaves, hybrid head and ranker values name the file, the field and the allowed values', () => {
    const bad = (text: string): string => fails(`id: b\ntitle: B\n${text}\n`);
    expect(bad('ranking: { ranker: cascade }')).toBe(`${FILE}: ranking.ranker: "cascade" is not allowed; expected one of gbdt, nn, hybrid`);
    expect(bad('index: { shards: 0 }')).toMatch(/^my-design\.yaml: index\.shards: 0 is not allowed; expected an integer in \[1, 64\]/);
    expect(bad('index: { shards: 2.5 }')).toMatch(/^my-design\.yaml: index\.shards: 2\.5 is not allowed/);
    expect(bad('ranking: { leaves: 1 }')).toMatch(/^my-design\.yaml: ranking\.leaves: 1 is not allowed; expected an integer in \[2, 255\]/);
    expect(bad('ranking: { hybridHead: 0 }')).toMatch(/^my-design\.yaml: ranking\.hybridHead: 0 is not allowed/);
    expect(bad('ranking: { shards: 2 }')).toMatch(/ranking\.shards: unknown field here \(it belongs in index\)/);
  });

  it('refuses a file without an id or a title, a non-kebab id and text that is not YAML', () => {
    expect(fails('title: A\n')).toMatch(/id:/);
    expect(fails('id: a\n')).toMatch(/title:/);
    expect(fails('id: Not_Kebab\ntitle: A\n')).toMatch(/kebab-case/);
    expect(fails('id: a\ntitle: [unclosed\n')).toMatch(/not valid YAML/);
  });
});

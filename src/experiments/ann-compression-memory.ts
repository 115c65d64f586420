/**
 * The memory arithmetic of ann-compression: bytes per vector measured on the run's index × a larger catalog, plus the
 * index's fixed tables (centroids, codebooks), in GB (10^9 bytes), and the machines that takes at `machineGb` of
 * usable memory each. Arithmetic, not measurement: it assumes the per-vector cost stays what it was at the measured
 * size (true for codes and ids; HNSW's links grow slightly with log n; an IVF at 100M would use a larger nlist, whose
 * centroids are still small beside the codes).
 */
export interface KindBytes {
  /** metric-name part: raw, hnsw, ivf, ivfpq, sq8 */
  key: string;
  /** what is counted, in words */
  kind: string;
  perVector: number;
  fixed: number;
}

const sizeName = (items: number) => (items >= 1e9 ? `${items / 1e9}b` : items >= 1e6 ? `${items / 1e6}m` : `${items}`);

/** Metrics gb_at_<size>_<key> and machines_at_<size>_<key>, and a table with one row per kind. */
export function extrapolate(kinds: KindBytes[], sizes: number[], machineGb: number): {
  metrics: { name: string; value: number }[];
  table: { title: string; columns: string[]; rows: (string | number)[][] };
} {
  const metrics: { name: string; value: number }[] = [];
  const rows = kinds.map((k) => {
    const row: (string | number)[] = [k.kind, Number(k.perVector.toFixed(2))];
    for (const items of sizes) {
      const gb = (k.perVector * items + k.fixed) / 1e9;
      const machines = Math.ceil(gb / machineGb);
      metrics.push({ name: `gb_at_${sizeName(items)}_${k.key}`, value: gb }, { name: `machines_at_${sizeName(items)}_${k.key}`, value: machines });
      row.push(Number(gb.toFixed(2)), machines);
    }
    return row;
  });
  return {
    metrics,
    table: {
      title: 'memory at larger catalogs, by arithmetic',
      columns: ['index', 'bytes/vector', ...sizes.flatMap((s) => [`GB at ${s.toLocaleString('en-US')}`, `machines of ${machineGb} GB`])],
      rows,
    },
  };
}

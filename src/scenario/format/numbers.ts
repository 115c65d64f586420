/** Number formatting shared by every renderer: enough digits to compare, never a wall of them. */
export function formatNumber(v: number | string | boolean | undefined): string {
  if (v === undefined) return '–';
  if (typeof v !== 'number') return String(v);
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  if (a >= 1000) return v.toLocaleString('en-US', { maximumFractionDigits: 0 });
  if (a >= 100) return v.toFixed(1);
  if (a >= 1) return v.toFixed(3);
  if (a >= 0.001) return v.toFixed(4);
  if (a === 0) return '0';
  return v.toExponential(2);
}

/** A value at `digits` significant digits (0.914, 12.3, 1,234), for labels on a chart. */
export function formatSignificant(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return formatNumber(v);
  if (Number.isInteger(v) || Math.abs(v) >= 10 ** digits) return Math.round(v).toLocaleString('en-US');
  if (v === 0) return '0';
  return Number(v.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 8 });
}

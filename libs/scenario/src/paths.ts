/** Field paths as errors show them: `load.phases[1].rate`, `fields["odd key"]`. */

/** `load.phases` + `rate` -> `load.phases.rate`; odd keys are quoted: `fields["a b"]`. */
export function keyPath(path: string, key: string): string {
  const k = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  if (k !== key) return `${path}[${k}]`;
  return path ? `${path}.${key}` : key;
}

export function indexPath(path: string, i: number): string {
  return `${path}[${i}]`;
}

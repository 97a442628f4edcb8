// Reading pino's JSON lines in tests. JSON.parse keeps the last of two equal keys
// silently, so duplicate keys need a reader of their own.

/** Every key that appears twice in one object of a JSON text (any depth), as `path.key`. */
export function duplicateKeys(json: string): string[] {
  const dups: string[] = [];
  let i = 0;
  const ws = () => {
    while (i < json.length && ' \t\r\n'.includes(json[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    while (json[i] !== '"') i += json[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(json.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    ws();
    const c = json[i];
    if (c === '{') {
      i++;
      const seen = new Set<string>();
      ws();
      if (json[i] === '}') return void i++;
      for (;;) {
        ws();
        const key = str();
        if (seen.has(key)) dups.push(path ? `${path}.${key}` : key);
        seen.add(key);
        ws();
        i++; // colon
        value(path ? `${path}.${key}` : key);
        ws();
        if (json[i++] === '}') return;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (json[i] === ']') return void i++;
      for (;;) {
        value(path);
        ws();
        if (json[i++] === ']') return;
      }
    }
    if (c === '"') return void str();
    while (i < json.length && !',}] \t\r\n'.includes(json[i]!)) i++;
  };
  value('');
  return dups;
}

/** The JSON log lines of a process's output, with the keys each repeats. */
export function linesWithDuplicateKeys(output: string): { line: string; keys: string[] }[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{') && l.endsWith('}'))
    .map((line) => ({ line, keys: duplicateKeys(line) }))
    .filter((x) => x.keys.length > 0);
}

/** Path routing under /console/: links navigate without reloading; the server answers every path with the shell. */
export type Route =
  { page: 'runs' } | { page: 'run'; id: string } | { page: 'submit' } | { page: 'workers' } | { page: 'login' };

export function parseRoute(path: string): Route {
  const p = path.replace(/^\/console\/?/, '').replace(/\/$/, '');
  if (p === '' || p === 'runs') return { page: 'runs' };
  if (p === 'login') return { page: 'login' };
  if (p === 'submit') return { page: 'submit' };
  if (p === 'workers') return { page: 'workers' };
  const m = /^runs\/([A-Za-z0-9_.:-]+)$/.exec(p);
  if (m) return { page: 'run', id: m[1]! };
  return { page: 'runs' };
}

let onChange: () => void = () => {};

export function onNavigate(fn: () => void): void {
  onChange = fn;
  window.addEventListener('popstate', () => onChange());
  document.addEventListener('click', (e) => {
    const a = (e.target as Element | null)?.closest?.('a[data-nav]') as HTMLAnchorElement | null;
    if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    navigate(a.getAttribute('href')!);
  });
}

export function navigate(href: string, replace = false): void {
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  onChange();
}

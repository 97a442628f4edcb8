import { call, canWrite, session, setSession, whenSignedOut, type Me } from './api.js';
import { fill, h } from './dom.js';
import { loginPage } from './pages/login.js';
import { runPage } from './pages/run.js';
import { runsPage } from './pages/runs.js';
import { submitPage } from './pages/submit.js';
import { workersPage } from './pages/workers.js';
import { navigate, onNavigate, parseRoute, type Route } from './router.js';

/** What a page leaves behind: called when the page is left (streams closed, timers cleared). */
export type Unmount = () => void;

const app = document.getElementById('app')!;
let unmount: Unmount = () => {};

async function render(): Promise<void> {
  unmount();
  unmount = () => {};
  const route = parseRoute(location.pathname);
  if (!session() && route.page !== 'login') {
    try {
      setSession(await call<Me>('/console/api/session'));
    } catch {
      return navigate('/console/login', true);
    }
  }
  if (route.page === 'login') {
    fill(
      app,
      loginPage(() => navigate('/console/', true)),
    );
    return;
  }
  const main = h('main', { id: 'page' });
  fill(app, header(route), main);
  unmount = mountPage(route, main);
}

function mountPage(route: Route, main: HTMLElement): Unmount {
  switch (route.page) {
    case 'run':
      return runPage(main, route.id);
    case 'submit':
      return submitPage(main);
    case 'workers':
      return workersPage(main);
    default:
      return runsPage(main);
  }
}

function header(route: Route): HTMLElement {
  const me = session()!;
  const link = (href: string, label: string, active: boolean) =>
    h('a', { href, 'data-nav': true, class: active ? 'active' : null }, label);
  return h(
    'header',
    { class: 'top' },
    h('a', { href: '/console/', 'data-nav': true, class: 'brand' }, 'loadfleet'),
    h(
      'nav',
      {},
      link('/console/', 'Runs', route.page === 'runs' || route.page === 'run'),
      canWrite() ? link('/console/submit', 'Submit', route.page === 'submit') : null,
      link('/console/workers', 'Workers', route.page === 'workers'),
    ),
    h(
      'div',
      { class: 'who' },
      h('span', { id: 'whoami', title: 'the name of the token you signed in with' }, me.name),
      h('span', { class: `badge ${me.access}` }, me.access === 'write' ? 'read & write' : 'read-only'),
      me.open ? null : h('button', { id: 'signout', class: 'link', onclick: () => void signOut() }, 'Sign out'),
    ),
  );
}

async function signOut(): Promise<void> {
  try {
    await call('/console/api/logout', { method: 'POST' });
  } finally {
    setSession(null);
    navigate('/console/login');
  }
}

whenSignedOut(() => navigate('/console/login', true));
onNavigate(() => void render());
void render();

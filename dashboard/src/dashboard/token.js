// The control token: handed over in the URL fragment (#token=…, which never reaches a server or
// its logs), kept for the tab in sessionStorage, and removed from the address bar at once.
const KEY = 'taskmaster.control-token';

export function takeTokenFromUrl() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = params.get('token');
  if (token) {
    sessionStorage.setItem(KEY, token);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
  }
}

export const getToken = () => sessionStorage.getItem(KEY) ?? '';

export function setToken(token) {
  if (token) sessionStorage.setItem(KEY, token);
  else sessionStorage.removeItem(KEY);
}

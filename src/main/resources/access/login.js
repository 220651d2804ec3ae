// Posts the admin key to /api/auth/login (which sets an HttpOnly session cookie) and goes back to ?next=.
const form = document.getElementById('login');
const error = document.getElementById('error');

function next() {
  const wanted = new URLSearchParams(location.search).get('next') || '/';
  return wanted.startsWith('/') && !wanted.startsWith('//') ? wanted : '/';
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  try {
    const res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: document.getElementById('key').value }),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      error.textContent = typeof data.error === 'string' ? data.error : `Login failed (${res.status})`;
      return;
    }
    location.assign(next());
  } catch (e) {
    error.textContent = `Cannot reach the server (${e.message})`;
  }
});

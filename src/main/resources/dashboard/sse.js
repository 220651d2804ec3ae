// EventSource with our own reconnect policy: back-off from 1 s doubling to 30 s, retrying for as long as the
// page is open (it used to give up silently after 10 failures).
const MAX_DELAY_MS = 30000;

/**
 * Opens url; onData gets each parsed un-named data frame; onState(connected, retryAt) gets true when open,
 * and false with the time (ms) of the next attempt while disconnected (null once stopped).
 */
export function openStream(url, onData, onState) {
  let source = null;
  let retries = 0;
  let timer = null;
  let stopped = false;
  const connect = () => {
    source = new EventSource(url);
    source.onopen = () => { retries = 0; onState(true, null); };
    source.onmessage = (e) => {
      let data;
      try { data = JSON.parse(e.data); } catch { return; }
      onData(data);
    };
    source.onerror = () => {
      source.close();
      if (stopped) return;
      const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.min(retries, 5));
      retries += 1;
      onState(false, Date.now() + delay);
      timer = setTimeout(connect, delay);
    };
  };
  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    if (source) source.close();
    onState(false, null);
  };
}

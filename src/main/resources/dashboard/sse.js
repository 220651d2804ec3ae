// EventSource with our own reconnect policy: back-off from 1 s doubling to 30 s, at most 10 retries in a row.
const MAX_DELAY_MS = 30000;
const MAX_RETRIES = 10;

/** Opens url; onData gets each parsed un-named data frame; onState gets true/false for open/closed. */
export function openStream(url, onData, onState) {
  let source = null;
  let retries = 0;
  let timer = null;
  let stopped = false;
  const connect = () => {
    source = new EventSource(url);
    source.onopen = () => { retries = 0; onState(true); };
    source.onmessage = (e) => {
      let data;
      try { data = JSON.parse(e.data); } catch { return; }
      onData(data);
    };
    source.onerror = () => {
      source.close();
      onState(false);
      if (stopped || retries >= MAX_RETRIES) return;
      const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** retries);
      retries += 1;
      timer = setTimeout(connect, delay);
    };
  };
  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    if (source) source.close();
    onState(false);
  };
}

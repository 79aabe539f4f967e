// A server-push socket that survives drops: it remembers the last frame's seq and the server's
// epoch and reconnects with ?resumeAfter=<seq>&epoch=<epoch>, backing off up to 5 s. The hello
// frame carries serverTime; clock.offset() = serverTime - local time at hello, so countdowns
// computed with clock.now() follow the server's clock, not the browser's.

export const clock = {
  offsetMs: 0,
  now() { return Date.now() + this.offsetMs; },
};

/** track: false for a secondary socket, so body's connects/resumed describe the page's main socket only. */
export function connectLive(path, { onFrame, onStatus, track = true }) {
  let lastSeq = null;
  let epoch = null;
  let socket = null;
  let retry = 0;
  let stopped = false;

  function url() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const resume = lastSeq !== null && epoch ? `?resumeAfter=${lastSeq}&epoch=${encodeURIComponent(epoch)}` : '';
    return `${scheme}//${location.host}${path}${resume}`;
  }

  function open() {
    onStatus('connecting');
    socket = new WebSocket(url());
    socket.onmessage = (event) => {
      const frame = JSON.parse(event.data);
      if (frame.type === 'hello') {
        clock.offsetMs = Date.parse(frame.data.serverTime) - Date.now();
        epoch = frame.data.epoch;
        retry = 0;
        if (track) {
          // Visible to people debugging and to the browser tests: how often we (re)connected, and how.
          document.body.dataset.connects = String(Number(document.body.dataset.connects || 0) + 1);
          document.body.dataset.resumed = String(frame.data.resumed);
        }
        onStatus('live');
      }
      if (typeof frame.seq === 'number') {
        lastSeq = frame.seq;
      }
      onFrame(frame);
    };
    socket.onclose = () => {
      if (stopped) return;
      onStatus('reconnecting');
      const delay = Math.min(5000, 250 * 2 ** retry++);
      setTimeout(open, delay);
    };
  }

  open();
  return {
    close() { stopped = true; socket?.close(); },
    get lastSeq() { return lastSeq; },
  };
}

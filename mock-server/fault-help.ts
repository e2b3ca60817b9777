/**
 * The fault switches, described for people who only have the installed package
 * (the --help text and the server's 404 answer), not this repository's sources.
 */
export const FAULT_HELP = `Fault switches (query string of any endpoint, e.g. /sse/feed?failFirst=2&status=503):
  failFirst=N     refuse the first N connections (counted per path + query, ignoring cursor and lastEventId)
  status=CODE     HTTP status of a refusal (default 503)
  closeCode=CODE  WebSocket close code of a refusal (default 1013) and of dropAfter closes
  dropAfter=N     drop the connection after N messages (long-poll: at most N per response, then a failed request)
  delayMs=MS      wait before accepting or answering
  rate=R          messages per second (feed 1, metrics 10 by default)
  count=N         send N numbered messages {"seq": i}, i from 1, then stay open and idle
  retryAfter=S    send Retry-After: S with a 429 or 503 refusal
  badJsonEvery=N  every Nth message is malformed JSON
  contentType=T   SSE: answer with this Content-Type instead of text/event-stream
  retry=MS        SSE: send a retry: MS field first
  holdMs=MS       long-poll: how long a request with nothing new is held before a 204 (default 20000)
  hang=1          accept and never answer
  block=T,T       make transports unusable (websocket, sse, long-poll), as a proxy would: refused with HTTP 503
  blockAfter=N    let the first N connections pass before the block starts (default 0)
  blockMs=MS      lift the block this long after it first refused (default: never)
  epoch=1         positions read <epoch>@<seq>, the epoch new at every server start, so a resume
                  across a restart starts over instead of splicing two runs
Resume: WebSocket ?cursor=i, SSE Last-Event-ID header or ?lastEventId=i, long-poll ?cursor=i.`

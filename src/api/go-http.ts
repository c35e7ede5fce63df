import type { ServerResponse } from 'node:http';

/**
 * What Go's net/http answers where Node's HTTP layer would answer differently: plain-text protocol
 * errors and escaped redirect locations. Docker clients see these bytes.
 */

/** Go's url.URL.EscapedPath for a path: unreserved and `$&+,/:;=@` stay, the rest is %XX (UTF-8). */
export function goEscapePath(path: string): string {
  let out = '';
  for (const byte of Buffer.from(path, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A plain-text error as Go's server writes it for a request it cannot serve. */
export function writeGoPlain(res: ServerResponse, status: number, _reason: string, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
  res.end(body);
}

/** Raw response bytes for a request Node's parser rejected (llhttp error code → Go's answer). */
export function goClientErrorResponse(code: string): string {
  const plain = (status: string, body: string): string =>
    `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${body}`;
  switch (code) {
    case 'HPE_INVALID_METHOD': {
      // Go accepts any token as a method and the router has no route for it.
      const body = '{"message":"page not found"}\n';
      return `HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
    }
    case 'HPE_HEADER_OVERFLOW':
      return plain('431 Request Header Fields Too Large', '431 Request Header Fields Too Large');
    case 'HPE_INVALID_TRANSFER_ENCODING':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return code === 'HPE_INVALID_TRANSFER_ENCODING'
        ? plain('501 Not Implemented', 'Unsupported transfer encoding')
        : plain('400 Bad Request', '400 Bad Request');
    default:
      return plain('400 Bad Request', '400 Bad Request');
  }
}

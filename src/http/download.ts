// Downloads of stored bytes (raw messages, attachments): served as files, never rendered in our origin.

function contentDisposition(filename: string): string {
  // ASCII fallback plus RFC 5987 UTF-8 name; quotes and controls never pass.
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function downloadResponse(bytes: Uint8Array, contentType: string, filename: string): Response {
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": contentType || "application/octet-stream",
      "content-disposition": contentDisposition(filename),
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "cache-control": "private, no-store",
    },
  });
}

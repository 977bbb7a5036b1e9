/** A fresh script nonce for a webview page: 16 random bytes, base64 (Web Crypto, so the web extension has it too). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

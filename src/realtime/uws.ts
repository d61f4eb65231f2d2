import uWS from 'uWebSockets.js';

/**
 * uWebSockets.js as installed here (an unofficial build that loads on glibc 2.36). When its native
 * binary does not load, the package quietly substitutes a much slower JavaScript imitation: detect it
 * so the server can say so loudly.
 */
export const uws = uWS;

export function usingNativeUws(): boolean {
  return /\[native code\]/.test(Function.prototype.toString.call(uWS.App));
}

/** @module policy/suggest: "did you mean", shared with every file an operator writes (src/config/suggest.ts). */
export { closestName, didYouMean } from '../config/suggest.js'

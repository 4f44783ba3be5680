/** @module spec: the binding specification (docs/binding.md) and its test vectors (docs/binding-vectors.json), generated from the protocol in src/binding. */
export {
  buildVectors, renderBindingVectorsJson, testSigningKey, signingKeyFromSeed, VECTOR_INPUT, TEST_KEY_SEED_HEX, TEST_KEY_2_SEED_HEX, UNCOVERED_CODES,
} from './vectors.js'
export type {
  BindingVectors, RequestVector, VectorRequest, VerifierState, VectorStep, ReceiptVector, KeySetVector, SigningKeyVector,
} from './vectors.js'
export { renderBindingDoc } from './doc.js'

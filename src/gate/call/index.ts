/** @module gate/call: the transport-neutral core of one call: trail, approval (bind + write-ahead), delivery (forward + receipt). */
export { startCall, finishCall, refuse, unrecorded, gateLog } from './trail.js'
export type { Call, Refusal, Trail } from './trail.js'
export { approve, notGuarded } from './approve.js'
export type { ApproveInput, Approval } from './approve.js'
export { deliver, deliverStream } from './deliver.js'
export { ask } from './ask.js'
export type { AskInput, AskOutcome } from './ask.js'

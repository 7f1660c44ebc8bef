export type { ArgChoice, CallChoice, EnumChoice, FdChoice, FlagsChoice, PidChoice, PtrChoice, RecordChoice, ScalarChoice, StrChoice } from './choice.js';
export { enumBadEdges, HEAD_WORDS, intEdges, lengthEdges, PID_EDGES, SIGNAL_EDGES, stringLengthEdges, TIMEOUT_EDGES, WILD_POINTERS } from './edges.js';
export { imm, isStatic, STATIC_WHERES, WHERES, type FdView, type ResolveEnv, type StaticWhere, type Value, type Where } from './env.js';
export { argArb, callArb, fdArb, ptrArb, rowArb, unknownCallArb } from './generate.js';
export { drawArg, mutateArg, mutateCall, Rng } from './mutate.js';
export { ChoiceMismatch, fdHasRights, fdMatches, recordBytes, resolveArgs, resolveFd, stringBytes } from './resolve.js';
